// The forms the reporting tests export: the shipped ones (forms/*.yaml) and one that uses every question
// type, "Autre" on choices and the groups of the shipped catalogue.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exports/export_columns.h"
#include "service/domain/form_loader.h"

namespace tnt::reporting::test {

inline const domain::FormSet& shippedForms()
{
    static const domain::FormSet set = domain::loadFormsDirectory(TNT_FORMS_DIR);
    return set;
}

inline const char* const every_type_yaml = R"yaml(slug: tous-les-types
title: Tous les types
window:
  opens_at: 2027-01-01
sections:
  - title: Tout
    questions:
      - {key: nom, type: short_text, label: "Nom, prénom"}
      - {key: avis, type: long_text, label: Avis}
      - {key: email, type: email, label: Adresse électronique}
      - {key: tel, type: phone, label: Téléphone}
      - {key: creation, type: date, label: Date de création}
      - {key: budget, type: number, label: Budget}
      - {key: agents, type: integer, label: "Nombre d'agents"}
      - {key: note, type: scale, label: Note}
      - {key: recommandation, type: nps, label: Recommandation}
      - key: role
        type: single_choice
        label: Rôle
        allow_other: true
        options: [{key: elu, label: Élu}, {key: agent, label: Agent}]
      - key: enjeux
        type: multiple_choice
        label: Enjeux
        allow_other: true
        other_label: Autre enjeu
        options:
          - {key: services, label: De meilleurs services}
          - {key: attractivite, label: "L'attractivité du territoire (entreprises, habitants)"}
      - {key: groupes, type: multiple_choice, options_from: groups, label: Groupes}
      - {key: contact, type: yes_no, label: "Acceptez-vous d'être recontacté ?"}
      - {key: accord, type: consent, label: "J'accepte"}
      - {key: dep, type: departement, label: Département}
)yaml";

inline const domain::Form& everyTypeForm()
{
    static const domain::Form form = [] {
        auto load = domain::loadFormText(every_type_yaml, "tous-les-types.yaml", &*shippedForms().catalogue);
        if (!load.form) {
            ADD_FAILURE() << domain::formatDiagnostic(load.diagnostics.at(0));
            return domain::Form{};
        }
        return *load.form;
    }();
    return form;
}

inline std::vector<exports::ExportOptions> everyExportMode()
{
    std::vector<exports::ExportOptions> modes;
    for (auto labels : {exports::LabelMode::text, exports::LabelMode::codes}) {
        for (auto multiple :
             {exports::MultipleChoiceLayout::column_per_option, exports::MultipleChoiceLayout::joined}) {
            for (auto dialect : {exports::CsvDialect::excel(), exports::CsvDialect::rfc4180()}) {
                modes.push_back({labels, multiple, dialect});
            }
        }
    }
    return modes;
}

inline std::string modeName(const exports::ExportOptions& mode)
{
    return std::string(mode.labels == exports::LabelMode::codes ? "codes" : "text") + "/" +
           (mode.multiple == exports::MultipleChoiceLayout::joined ? "joined" : "columns") + "/" +
           std::string(mode.dialect.queryValue());
}

}  // namespace tnt::reporting::test
