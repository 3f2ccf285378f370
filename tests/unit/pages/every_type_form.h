// A form with every question type, for the page rendering tests.
#pragma once

#include <gtest/gtest.h>

#include "service/domain/form_loader.h"
#include "service/pages/site.h"
#include "service/pages/views.h"

namespace tnt::pages::testing {

inline const char* const every_type_yaml = R"(slug: essai
title: Essai <b>gras</b>
description: Un formulaire d'essai & de démonstration.
confirmation: Merci « vous » !
window:
  opens_at: 2020-01-01
sections:
  - title: Vous
    questions:
      - {key: nom, type: short_text, label: Nom <script>alert(1)</script>, required: true, max_length: 100, autocomplete: family-name}
      - {key: avis, type: long_text, label: Avis, help: Quelques lignes.}
      - {key: email, type: email, label: Courriel}
      - {key: tel, type: phone, label: Téléphone}
      - {key: budget, type: number, label: Budget, min: 0, max: 1000.5}
      - {key: agents, type: integer, label: Agents, min: 1}
      - {key: naissance, type: date, label: Date}
  - title: Vos choix
    description: Des choix.
    questions:
      - key: role
        type: single_choice
        label: Rôle
        required: true
        allow_other: true
        other_label: Autre rôle
        options: [{key: elu, label: Élu}, {key: agent, label: Agent}]
      - key: taille
        type: single_choice
        display: select
        label: Taille
        allow_other: true
        options: [{key: petite, label: Petite}, {key: grande, label: Grande}]
      - key: themes
        type: multiple_choice
        label: Thèmes
        allow_other: true
        options:
          - {key: cyber, label: Cyber, help: La sécurité.}
          - {key: donnees, label: Données}
      - {key: note, type: scale, label: Note, min_label: Mauvais, max_label: Excellent}
      - {key: nps, type: nps, label: Recommandation}
      - {key: contact, type: yes_no, label: Contact}
      - key: contact_email
        type: email
        label: Courriel de contact
        required: true
        visible_if: {question: contact, equals: oui}
      - {key: accord, type: consent, label: J'accepte, required: true}
      - {key: dep, type: departement, label: Département}
)";

inline const domain::Form& everyTypeForm()
{
    static const domain::Form loaded = [] {
        auto load = domain::loadFormText(every_type_yaml, "essai.yaml", nullptr);
        if (!load.form) {
            ADD_FAILURE() << domain::formatDiagnostic(load.diagnostics.at(0));
            return domain::Form{};
        }
        return *load.form;
    }();
    return loaded;
}

// An operator whose details are recognisable in the rendered pages (and need escaping).
inline const Site& testSite()
{
    static const Site site{"Éditeur <d'essai>",
                           "1 rue de l'Essai, 75000 Paris",
                           "Camille Directrice",
                           "ecrire@essai.example",
                           "Hébergeur d'essai, 2 rue du Serveur, 69000 Lyon",
                           AccessibilityStatus::partiellement_conforme};
    return site;
}

// The service's own page templates (forms/pages/) around an operator.
inline Views viewsFor(const Site& site)
{
    return Views::load(site, std::string(TNT_FORMS_DIR) + "/pages");
}

inline const Views& testViews()
{
    static const Views views = viewsFor(testSite());
    return views;
}

}  // namespace tnt::pages::testing
