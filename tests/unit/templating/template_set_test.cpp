// templating::TemplateSet: a folder of templates with partials in place, escaping by default, empty values
// absent, and every problem of a folder named with its file and line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "service/templating/template_set.h"

namespace tnt::templating {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Folder {
public:
    Folder()
        : dir_(std::filesystem::temp_directory_path() / ("tnt-templates-" + std::to_string(std::random_device{}())))
    {
        std::filesystem::create_directories(dir_);
    }
    ~Folder() { std::filesystem::remove_all(dir_); }

    Folder& write(const std::string& name, const std::string& text)
    {
        const auto file = dir_ / (name + ".mustache");
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return *this;
    }
    const std::filesystem::path& path() const { return dir_; }

private:
    std::filesystem::path dir_;
};

TEST(TemplateSet, RendersWithPartialsInPlaceAndEscapesValues)
{
    Folder f;
    f.write("page", "<h1>{{title}}</h1>\n{{> parts/item}}\n").write("parts/item", "<p>{{text}}</p>\n");
    const auto set = TemplateSet::load(f.path(), {});
    EXPECT_THAT(set.names(), ElementsAre("page", "parts/item"));
    const auto html = set.render("page", {{"title", "<script>alert(\"x\")</script>"}, {"text", "l'été & {{title}}"}});
    EXPECT_EQ(html, "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>\n<p>l&apos;été &amp; {{title}}</p>");
}

TEST(TemplateSet, AnEmptyValueIsAbsentAndNeverShowsTheParentsValue)
{
    Folder f;
    f.write("list", "{{#items}}[{{#help}}{{help}}{{/help}}{{^help}}-{{/help}}]{{/items}}");
    const auto set = TemplateSet::load(f.path(), {});
    const nlohmann::json view{{"help", "PARENT"},
                              {"items", {{{"help", "own"}}, {{"help", ""}}, {{"help", nullptr}}, {{"help", false}}}}};
    EXPECT_EQ(set.render("list", view), "[own][-][-][-]");
}

TEST(TemplateSet, CommentLinesLeaveNoLineAndAPartialsLastNewlineIsDropped)
{
    Folder f;
    f.write("page", "{{! a comment\n    on two lines }}\n<label>{{> label}}</label>\n").write("label", "{{name}} *\n");
    EXPECT_EQ(TemplateSet::load(f.path(), {}).render("page", {{"name", "Nom"}}), "<label>Nom *</label>");
}

TEST(TemplateSet, PlainTemplatesAndACustomEscape)
{
    Folder f;
    f.write("mail.subject", "Inscription de {{name}}").write("mail.html", "<p>{{name}}</p>");
    LoadOptions options;
    options.plain_suffixes = {".subject"};
    options.escape = [](const std::string& s) { return "[" + s + "]"; };
    const auto set = TemplateSet::load(f.path(), options);
    EXPECT_EQ(set.render("mail.subject", {{"name", "A & B <c>"}}), "Inscription de A & B <c>");
    EXPECT_EQ(set.render("mail.html", {{"name", "A & B"}}), "<p>[A & B]</p>");
}

TEST(TemplateSet, RawValuesOnlyInTheTemplatesAllowedThem)
{
    Folder f;
    f.write("chart", "<div>{{{svg}}}</div>").write("page", "<p>{{& text}}</p>\n<p>{{{other}}}</p>");
    LoadOptions options;
    options.raw_allowed = {"chart"};
    const auto problems = TemplateSet::check(f.path(), options);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_THAT(problems[0], HasSubstr("page.mustache:1: « text » serait écrit sans échappement"));
    EXPECT_THAT(problems[1], HasSubstr("page.mustache:2: « other »"));
    f.write("page", "<p>{{text}}</p>");
    const auto set = TemplateSet::load(f.path(), options);
    EXPECT_EQ(set.render("chart", {{"svg", "<svg/>"}}), "<div><svg/></div>");
}

TEST(TemplateSet, EveryProblemIsNamedWithItsFileAndLine)
{
    Folder f;
    f.write("a", "line 1\n{{#open}}\nnever closed\n")
        .write("b", "one\ntwo\n{{> missing/part}}\n")
        .write("c", "{{/closed}}")
        .write("d", "{{=<% %>=}}")
        .write("e", "x {{unclosed");
    LoadOptions options;
    options.required = {"a", "page"};
    try {
        TemplateSet::load(f.path(), options);
        FAIL() << "loaded";
    } catch (const TemplateError& e) {
        const std::string all = e.what();
        EXPECT_THAT(all, HasSubstr("page.mustache: fichier absent"));
        EXPECT_THAT(all, HasSubstr("a.mustache:2: section « open » jamais fermée"));
        EXPECT_THAT(all, HasSubstr("b.mustache:3: partiel « missing/part » introuvable"));
        EXPECT_THAT(all, HasSubstr("c.mustache:1: fin de section « closed » sans son début"));
        EXPECT_THAT(all, HasSubstr("d.mustache:1: changer les délimiteurs"));
        EXPECT_THAT(all, HasSubstr("e.mustache:1: balise ouverte par {{ jamais fermée"));
        EXPECT_EQ(e.problems().size(), 6u) << all;
    }
}

TEST(TemplateSet, APartialThatIncludesItselfIsRefused)
{
    Folder f;
    f.write("a", "x{{> b}}{{> b}}").write("b", "y{{> a}}");
    const auto problems = TemplateSet::check(f.path(), {});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_THAT(problems.front(),
                HasSubstr("a.mustache: partiels inclus les uns dans les autres sans fin (a → b → a)"));
}

TEST(TemplateSet, ASectionLeftOpenInAPartialIsRefusedInThatFile)
{
    Folder f;
    f.write("open", "{{#x}}").write("page", "{{> open}}y");
    // Each file is checked alone first: the section opened in "open" and closed nowhere is reported there.
    const auto problems = TemplateSet::check(f.path(), {});
    ASSERT_FALSE(problems.empty());
    EXPECT_THAT(problems.front(), HasSubstr("open.mustache:1: section « x » jamais fermée"));
}

TEST(TemplateSet, AMissingFolderIsSaid)
{
    const auto problems = TemplateSet::check("/nonexistent/templates", {});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_THAT(problems.front(), HasSubstr("/nonexistent/templates: dossier absent"));
}

TEST(TemplateSet, UnknownTemplateThrowsOutOfRange)
{
    Folder f;
    f.write("page", "x");
    const auto set = TemplateSet::load(f.path(), {});
    EXPECT_THROW(set.render("nope", nlohmann::json::object()), std::out_of_range);
    EXPECT_TRUE(set.contains("page"));
    EXPECT_FALSE(set.contains("nope"));
}

// Request threads render the same templates at once: partials are in place, so rendering only reads the
// template (the ThreadSanitizer stage runs this test).
TEST(TemplateSetThreads, SeveralThreadsRenderTheSameTemplateAtOnce)
{
    Folder f;
    f.write("page", "{{> head}}{{#items}}<li>{{name}}{{#help}} ({{help}}){{/help}}</li>{{/items}}")
        .write("head", "<h1>{{title}}</h1>");
    const auto set = TemplateSet::load(f.path(), {});
    auto viewOf = [](int thread) {
        nlohmann::json items = nlohmann::json::array();
        for (int i = 0; i < 50; ++i)
            items.push_back({{"name", std::to_string(thread * 100 + i)}, {"help", i % 2 ? "x" : ""}});
        return nlohmann::json{{"title", "T" + std::to_string(thread)}, {"items", items}};
    };
    std::vector<std::string> expected;
    for (int t = 0; t < 4; ++t) expected.push_back(set.render("page", viewOf(t)));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            const auto view = viewOf(t);
            for (int i = 0; i < 200; ++i) mismatches[t] += set.render("page", view) != expected[t] ? 1 : 0;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
    EXPECT_THAT(expected[1], HasSubstr("<h1>T1</h1><li>100</li><li>101 (x)</li>"));
}

}  // namespace
}  // namespace tnt::templating
