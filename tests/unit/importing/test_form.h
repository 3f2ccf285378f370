// A small form for the importing tests: every kind of conversion, labels with commas and accents.
#pragma once

#include <gtest/gtest.h>

#include "service/domain/form_loader.h"

namespace tnt::importing::test {

inline const char* const form_yaml = R"yaml(slug: essai
title: Essai
window:
  opens_at: 2027-01-01
unique_by: [email]
sections:
  - title: Tout
    questions:
      - {key: nom, type: short_text, label: Vos prénom et nom, required: true}
      - {key: email, type: email, label: Adresse électronique}
      - {key: budget, type: number, label: Budget}
      - {key: agents, type: integer, label: "Nombre d'agents"}
      - {key: note, type: scale, label: Note}
      - {key: naissance, type: date, label: Date de création}
      - key: aise
        type: single_choice
        label: "Êtes-vous à l'aise ?"
        options: [{key: tres_aise, label: "Très à l'aise"}, {key: peu_aise, label: "Peu à l'aise"}]
      - key: role
        type: single_choice
        label: Rôle
        allow_other: true
        options: [{key: elu, label: Élu}, {key: agent, label: Agent}]
      - key: apports
        type: multiple_choice
        label: Apports
        allow_other: true
        other_label: Autre apport
        options:
          - {key: services, label: De meilleurs services}
          - {key: attractivite, label: "L'attractivité du territoire (entreprises, habitants)"}
          - {key: risques, label: "Surtout des risques (coûts, cyberattaques, exclusion)"}
      - key: themes
        type: multiple_choice
        label: Thèmes
        options: [{key: cyber, label: Cybersécurité}, {key: donnees, label: Données}]
      - {key: contact, type: yes_no, label: "Acceptez-vous d'être recontacté ?"}
      - {key: accord, type: consent, label: "J'accepte"}
      - {key: dep, type: departement, label: Département}
)yaml";

inline const domain::Form& testForm()
{
    static const domain::Form loaded = [] {
        auto load = domain::loadFormText(form_yaml, "essai.yaml", nullptr);
        if (!load.form) {
            ADD_FAILURE() << domain::formatDiagnostic(load.diagnostics.at(0));
            return domain::Form{};
        }
        return *load.form;
    }();
    return loaded;
}

inline const domain::Question& question(const std::string& key)
{
    const auto* q = testForm().find(key);
    if (q == nullptr) throw std::logic_error("no question " + key);
    return *q;
}

}  // namespace tnt::importing::test
