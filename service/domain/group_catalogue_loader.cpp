// forms/groups.yaml → GroupCatalogue, with every problem reported at its line and column.
#include <algorithm>
#include <array>
#include <map>

#include "service/domain/form_loader.h"
#include "service/domain/yaml_map_reader.h"

namespace tnt::domain {

namespace {

constexpr std::array<std::string_view, 1> catalogue_keys = {"groups"};
constexpr std::array<std::string_view, 9> group_keys = {"code",     "name",        "objective",
                                                        "copilots", "capacity",    "meetings",
                                                        "waitlist", "offer_hours", "registration_deadline"};
constexpr std::array<std::string_view, 4> meeting_keys = {"starts_at", "duration_minutes", "place", "video"};

std::optional<Meeting> readMeeting(const YAML::Node& node, DiagnosticSink& sink)
{
    YamlMapReader map(node, node.Mark(), "une réunion (meetings)", meeting_keys, sink);
    if (!map.valid()) return std::nullopt;
    const std::size_t before = sink.count();
    Meeting meeting;
    if (auto when = map.string("starts_at", true)) {
        ParisTimeParse parsed = parseParisLocalTime(*when, DayBoundary::start_of_day);
        if (!parsed.value) {
            map.errorAtValue("starts_at", "starts_at : " + parsed.error);
        } else if (when->size() <= 10) {
            map.errorAtValue("starts_at", "starts_at : indiquez aussi l'heure, par exemple « 2027-01-14 10:00 »");
        } else {
            meeting.starts_at = *parsed.value;
        }
    }
    if (auto minutes = map.integer("duration_minutes")) {
        if (*minutes <= 0 || *minutes > 24 * 60) {
            map.errorAtValue("duration_minutes", "duration_minutes doit être une durée en minutes entre 1 et 1440");
        } else {
            meeting.duration_minutes = static_cast<int>(*minutes);
        }
    }
    meeting.place = map.string("place").value_or("");
    meeting.video_url = map.string("video").value_or("");
    if (!meeting.video_url.empty() && !meeting.video_url.starts_with("https://")) {
        map.errorAtValue("video", "video doit être un lien https://");
    }
    if (meeting.place.empty() && meeting.video_url.empty()) {
        sink.at(map.mark(), "une réunion doit avoir un lieu (place) ou un lien de visioconférence (video)");
    }
    if (sink.count() != before) return std::nullopt;
    return meeting;
}

// Codes are option keys and appear in URLs and CSV: letters, digits, '-' and '_' only.
bool isGroupCode(std::string_view code)
{
    return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::optional<Group> readGroup(const YAML::Node& node, DiagnosticSink& sink, std::map<std::string, int>& seen)
{
    YamlMapReader map(node, node.Mark(), "un groupe", group_keys, sink);
    if (!map.valid()) {
        return std::nullopt;
    }
    const std::size_t before = sink.count();
    Group group;
    group.code = map.string("code", true).value_or("");
    if (!group.code.empty()) {
        if (!isGroupCode(group.code)) {
            map.errorAtValue("code", "le code « " + group.code +
                                         " » ne peut contenir que des lettres sans accent, des chiffres, _ et -");
        } else if (auto it = seen.find(group.code); it != seen.end()) {
            map.errorAtValue("code", "le code de groupe « " + group.code + " » est déjà utilisé ligne " +
                                         std::to_string(it->second));
        } else {
            seen.emplace(group.code, map.valueMark("code").line + 1);
        }
    }
    group.name = map.string("name", true).value_or("");
    group.objective = map.string("objective", true).value_or("");
    if (auto copilots = map.stringList("copilots")) {
        for (auto& [name, mark] : *copilots) {
            group.copilots.push_back(name);
        }
    }
    if (auto capacity = map.integer("capacity")) {
        if (*capacity <= 0 || *capacity > 1000000) {
            map.errorAtValue("capacity", "capacity doit être un nombre de places positif");
        } else {
            group.capacity = static_cast<int>(*capacity);
        }
    }
    group.waitlist = group.capacity.has_value();
    if (auto waitlist = map.boolean("waitlist")) {
        if (*waitlist && !group.capacity) {
            map.errorAtValue("waitlist", "waitlist : une liste d'attente suppose une capacité (capacity)");
        }
        group.waitlist = *waitlist;
    }
    if (auto hours = map.integer("offer_hours")) {
        if (*hours < 1 || *hours > 720) {
            map.errorAtValue("offer_hours", "offer_hours doit être un nombre d'heures entre 1 et 720 (30 jours)");
        } else if (!group.waitlist) {
            map.errorAtValue("offer_hours", "offer_hours n'a de sens qu'avec une liste d'attente (waitlist)");
        } else {
            group.offer_hours = static_cast<int>(*hours);
        }
    }
    if (auto deadline = map.string("registration_deadline")) {
        ParisTimeParse parsed = parseParisLocalTime(*deadline, DayBoundary::end_of_day);
        if (!parsed.value) {
            map.errorAtValue("registration_deadline", "registration_deadline : " + parsed.error);
        }
        group.registration_deadline = parsed.value;
    }
    if (auto meetings = map.node("meetings")) {
        if (!meetings->IsSequence()) {
            map.errorAtValue("meetings", "meetings doit être une liste de réunions");
        } else {
            for (const YAML::Node& m : *meetings) {
                if (auto meeting = readMeeting(m, sink)) group.meetings.push_back(std::move(*meeting));
            }
        }
    }
    if (sink.count() != before) {
        return std::nullopt;
    }
    return group;
}

}  // namespace

GroupCatalogueLoad loadGroupCatalogueText(std::string_view yaml, const std::string& file)
{
    GroupCatalogueLoad result;
    DiagnosticSink sink(file, result.diagnostics);
    if (!checkUtf8(yaml, sink)) {
        return result;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        sink.at(e.mark, "YAML invalide : " + e.msg);
        return result;
    }
    YamlMapReader map(root, YAML::Mark{}, "le catalogue des groupes", catalogue_keys, sink);
    if (!map.valid()) {
        return result;
    }
    auto groups = map.node("groups");
    if (!groups || !groups->IsSequence() || groups->size() == 0) {
        sink.at(map.has("groups") ? map.valueMark("groups") : map.mark(),
                "le catalogue doit avoir une liste « groups » non vide");
        return result;
    }
    GroupCatalogue catalogue;
    std::map<std::string, int> seen;
    for (const YAML::Node& node : *groups) {
        if (auto group = readGroup(node, sink, seen)) {
            catalogue.groups.push_back(std::move(*group));
        }
    }
    if (result.diagnostics.empty()) {
        result.catalogue = std::move(catalogue);
    }
    return result;
}

}  // namespace tnt::domain
