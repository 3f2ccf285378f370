-- wrk script: realistic, varied, valid answers to the three programme forms, round-robin, through the
-- JSON API. Counts the statuses per thread; done() prints them as JSON on the last line for run.sh.
local threads = {}
local counter = 0
local started = 0

-- Runs in wrk's main Lua state; thread:set gives each thread its own global `tid`, used in e-mails so two
-- threads never send the same registration.
function setup(thread)
  started = started + 1
  thread:set("tid", started)
  table.insert(threads, thread)
end

-- `-- close` after the URL: every request asks for "Connection: close" (a TCP connection per request);
-- `-- inscription`: registrations only (each sends a confirmation e-mail when the service has a relay);
-- `-- key`: each request carries its own Idempotency-Key, as a careful API client's do.
function init(args)
  created, refused, failed = 0, 0, 0
  close, only_registrations, with_key = false, false, false
  for _, a in ipairs(args) do
    if a == "close" then close = true elseif a == "inscription" then only_registrations = true
    elseif a == "key" then with_key = true end
  end
  math.randomseed(tid * 7919 + os.time())
end

local function pick(list) return list[math.random(#list)] end
local function some(list, min, max)
  local chosen, n = {}, math.random(min, max)
  local copy = {}
  for i, v in ipairs(list) do copy[i] = v end
  for i = 1, n do
    local j = math.random(i, #copy)
    copy[i], copy[j] = copy[j], copy[i]
    chosen[#chosen + 1] = '"' .. copy[i] .. '"'
  end
  return "[" .. table.concat(chosen, ",") .. "]"
end

local departements = {"01", "13", "2A", "33", "35", "59", "69", "75", "971", "974", "29", "63"}
local themes = {"cybersecurite", "donnees", "inclusion", "numerique_responsable", "urbanisme", "services_en_ligne",
                "souverainete", "intelligence_artificielle", "territoires_connectes", "mutualisation"}
local comments = {"Très utile ; merci.", "Des formations plus courtes, s'il vous plaît.", "", "RAS",
                  "Nous manquons de temps et de moyens pour \\\"le numérique\\\"."}

local function elus()
  local formation = pick({"oui", "non"})
  local contact = pick({"oui", "non"})
  local body = string.format(
    '{"answers":{"importance_numerique":%d,"aise_sujets":"%s","enjeux_percus":%s,"formation_suivie":"%s",' ..
    '"formats_preferes":%s,"themes_interet":%s,"theme_prioritaire":"%s","mandat":"%s","type_collectivite":"%s",' ..
    '"population":"%s","departement":"%s","commentaires":"%s","accepte_contact":"%s"',
    math.random(1, 5), pick({"tres_aise", "plutot_aise", "peu_aise", "pas_aise"}),
    some({"services_usagers", "efficacite", "attractivite", "participation", "transition_ecologique", "risques"}, 1, 3),
    formation, some({"webinaire_court", "presentiel", "fiche_pratique", "video", "temoignage"}, 1, 3),
    some(themes, 1, 4), pick(themes), pick({"maire", "adjoint", "conseiller_municipal", "president_epci"}),
    pick({"commune", "epci", "departement", "region"}),
    pick({"moins_500", "de_500_a_1999", "de_2000_a_9999", "de_10000_a_49999"}), pick(departements), pick(comments),
    contact)
  if formation == "oui" then body = body .. ',"formations_connues":' .. some({"association_elus", "cnfpt_organisme", "mooc"}, 1, 2) end
  if contact == "oui" then
    body = body .. string.format(',"contact_nom":"Élu %d","contact_email":"elu%d.%d@mairie.fr","contact_consentement":true',
      counter, tid, counter)
  end
  return "sensibilisation-elus", body .. "}}"
end

local function inscription()
  return "inscription-groupes-projets", string.format(
    '{"answers":{"prenom":"Camille","nom":"Agent %d","email":"agent%d.%d.%d@collectivite.fr","structure":"Commune de Test",' ..
    '"type_structure":"%s","role":"%s","fonction":"Chargée de mission numérique","departement":"%s","groupes":%s,' ..
    '"motivation":"%s","consentement":true}}',
    counter, tid, counter, math.random(1, 1000000000), pick({"commune", "epci", "departement", "region"}),
    pick({"elu", "agent"}), pick(departements), some({"GP1", "GP2", "GP3", "GP5", "GP6", "GP8"}, 1, 2), pick(comments))
end

local function satisfaction()
  return "satisfaction-agenda", string.format(
    '{"answers":{"profil":"%s","frequence":"%s","satisfaction_generale":%d,"utilite":%d,"facilite":%d,' ..
    '"exhaustivite":%d,"recommandation":%d,"rubriques_utilisees":%s,"ameliorations":%s,"suggestion":"%s"}}',
    pick({"agent_etat", "opsn", "entreprise"}), pick({"chaque_semaine", "chaque_mois", "quelques_fois_par_an"}),
    math.random(1, 5), math.random(1, 5), math.random(1, 5), math.random(1, 5), math.random(0, 10),
    some({"echeances", "chantiers", "ressources", "financements"}, 1, 3), some({"mise_a_jour", "recherche", "alertes"}, 1, 2),
    pick(comments))
end

local forms = {elus, inscription, satisfaction}

function request()
  counter = counter + 1
  local slug, body = (only_registrations and inscription or forms[(counter % 3) + 1])()
  local headers = {["Content-Type"] = "application/json"}
  if close then headers["Connection"] = "close" end
  if with_key then headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", tid, counter, math.random(1, 1000000000)) end
  return wrk.format("POST", "/api/v1/forms/" .. slug .. "/responses", headers, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status >= 400 and status < 500 then refused = refused + 1
  else failed = failed + 1 end
  if status ~= 201 and refused + failed <= 3 then io.stderr:write(status .. " " .. body .. "\n") end
end

function done(summary, latency, requests)
  local c, r, f = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); f = f + t:get("failed")
  end
  io.write(string.format('RESULT {"requests":%d,"created":%d,"refused":%d,"failed":%d,"socket_errors":%d,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"seconds":%.3f}\n',
    summary.requests, c, r, f, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
