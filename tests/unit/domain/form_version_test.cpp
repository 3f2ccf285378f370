// The version hash: the same definition always has the same version; any edit makes a new one.
#include <gtest/gtest.h>

#include "service/domain/form_loader.h"

namespace tnt::domain {
namespace {

std::string versionOf(const std::string& yaml)
{
    const FormLoad load = loadFormText(yaml, "essai.yaml", nullptr);
    EXPECT_TRUE(load.form) << (load.diagnostics.empty() ? "" : formatDiagnostic(load.diagnostics[0]));
    return load.form ? load.form->version : "";
}

const std::string base = R"(slug: essai
title: Essai
window:
  opens_at: 2027-01-01
  closes_at: 2027-12-31
sections:
  - title: Section
    questions:
      - key: a
        type: short_text
        label: Votre nom
)";

TEST(FormVersion, SameDefinitionGivesSameVersionWhateverTheLayout)
{
    const std::string reordered = R"(# a comment does not change the form
title: "Essai"
slug: essai
sections:
  - questions:
      - {label: Votre nom, type: short_text, key: a}
    title: Section
window: {closes_at: "2027-12-31 23:59:59", opens_at: "2027-01-01 00:00"}
)";
    EXPECT_EQ(versionOf(base), versionOf(base));
    EXPECT_EQ(versionOf(base), versionOf(reordered));
}

TEST(FormVersion, EditedFormGetsANewVersion)
{
    std::string relabelled = base;
    relabelled.replace(relabelled.find("Votre nom"), 9, "Votre prénom");
    std::string reclosed = base;
    reclosed.replace(reclosed.find("2027-12-31"), 10, "2028-12-31");
    const std::string required = base + "        required: true\n";
    EXPECT_NE(versionOf(base), versionOf(relabelled));
    EXPECT_NE(versionOf(base), versionOf(reclosed));
    EXPECT_NE(versionOf(base), versionOf(required));
}

TEST(FormVersion, PublicDefinitionCarriesTheVersion)
{
    const FormLoad load = loadFormText(base, "essai.yaml", nullptr);
    ASSERT_TRUE(load.form);
    const nlohmann::json definition = load.form->toJson();
    EXPECT_EQ(definition["version"], load.form->version);
    EXPECT_EQ(definition["slug"], "essai");
    EXPECT_EQ(definition["sections"][0]["questions"][0]["key"], "a");
    EXPECT_EQ(definition["window"]["closes_at"]["paris"], "2027-12-31T23:59:59+01:00");
    EXPECT_EQ(computeVersion(*load.form), load.form->version);
}

}  // namespace
}  // namespace tnt::domain
