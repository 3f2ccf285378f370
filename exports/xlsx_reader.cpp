#include "exports/xlsx_reader.h"

#include <date/date.h>
#include <expat.h>
#include <zip.h>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "exports/csv_reader.h"

namespace tnt::exports {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

std::string_view localName(const char* name)
{
    std::string_view n(name);
    const auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const char** atts, std::string_view wanted)
{
    for (int i = 0; atts[i] != nullptr; i += 2) {
        if (localName(atts[i]) == wanted) return atts[i + 1];
    }
    return nullptr;
}

// An XML document held whole (the workbook, its relations, the styles, the shared strings) through expat.
template <typename Start, typename End, typename Text>
void parseWhole(const std::string& xml, const std::string& what, Start start, End end, Text text)
{
    struct Callbacks {
        Start start;
        End end;
        Text text;
    } callbacks{start, end, text};
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate(nullptr), XML_ParserFree);
    XML_SetUserData(parser.get(), &callbacks);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const char* name, const char** atts) {
            static_cast<Callbacks*>(data)->start(localName(name), atts);
        },
        [](void* data, const char* name) { static_cast<Callbacks*>(data)->end(localName(name)); });
    XML_SetCharacterDataHandler(parser.get(), [](void* data, const char* s, int len) {
        static_cast<Callbacks*>(data)->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
        throw XlsxReadError("fichier XLSX illisible : " + what + " n'est pas un XML valide (" +
                            XML_ErrorString(XML_GetErrorCode(parser.get())) + ", ligne " +
                            std::to_string(XML_GetCurrentLineNumber(parser.get())) + ")");
    }
}

// Whether a number format shows a date or a time: a built-in one (14–22, 45–47) or a format code with
// day, month, year, hour or second fields outside quoted text and [brackets] (colours, conditions).
bool isDateFormat(int id, const std::string& code)
{
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
    if (code.empty()) return false;
    bool quoted = false;
    int bracket = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\\') {
            ++i;
            continue;
        }
        if (c == '[') ++bracket;
        if (c == ']' && bracket > 0) --bracket;
        if (bracket > 0) continue;
        if (std::string_view("dDyYhHsS").find(c) != std::string_view::npos) return true;
    }
    return false;
}

// Column "AB" of "AB12" → 27 (0-based); nullopt when there are no letters.
std::optional<std::size_t> columnOf(const char* reference)
{
    std::size_t column = 0;
    std::size_t letters = 0;
    for (const char* p = reference; *p != '\0' && *p >= 'A' && *p <= 'Z'; ++p, ++letters) {
        column = column * 26 + static_cast<std::size_t>(*p - 'A' + 1);
        if (letters > 3) return std::nullopt;
    }
    if (letters == 0) return std::nullopt;
    return column - 1;
}

std::string isoDateTime(double serial, bool date1904)
{
    const auto epoch = date::sys_days(date1904 ? date::year{1904} / 1 / 1 : date::year{1899} / 12 / 30);
    const auto seconds = static_cast<long long>(std::llround(serial * 86400.0));
    const auto when = epoch + std::chrono::seconds(seconds);
    return date::format("%Y-%m-%d %H:%M:%S", date::floor<std::chrono::seconds>(when));
}

}  // namespace

// The sheet's parser: rows are completed as chunks of the inflated XML are fed to expat.
struct XlsxReader::State {
    std::vector<std::string> strings;  // the shared strings
    std::vector<bool> date_styles;  // per cell style (cellXfs index): shows a date or time
    bool date1904 = false;
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser{nullptr, XML_ParserFree};
    std::deque<CsvRecord> ready;
    CsvRecord row;
    bool in_row = false;
    std::size_t next_row = 1;
    std::size_t column = 0;
    std::string type;  // the cell's t attribute
    std::size_t style = 0;
    std::string text;  // its <v>, or its inline string's <t>s
    bool in_value = false;
    bool in_inline = false;
    int phonetic = 0;  // inside <rPh>: furigana, not the cell's text
    std::string error;

    void startElement(std::string_view name, const char** atts)
    {
        if (name == "row") {
            in_row = true;
            row.fields.clear();
            const char* r = attribute(atts, "r");
            row.line = r != nullptr ? static_cast<std::size_t>(std::strtoull(r, nullptr, 10)) : next_row;
            next_row = row.line + 1;
        } else if (name == "c" && in_row) {
            const char* r = attribute(atts, "r");
            const auto at = r != nullptr ? columnOf(r) : std::nullopt;
            column = at.value_or(row.fields.size());
            const char* t = attribute(atts, "t");
            type = t != nullptr ? t : "n";
            const char* s = attribute(atts, "s");
            style = s != nullptr ? static_cast<std::size_t>(std::strtoull(s, nullptr, 10)) : 0;
            text.clear();
        } else if (name == "v") {
            in_value = true;
        } else if (name == "is") {
            in_inline = true;
        } else if (name == "rPh") {
            ++phonetic;
        }
    }

    void endElement(std::string_view name)
    {
        if (name == "v") {
            in_value = false;
        } else if (name == "is") {
            in_inline = false;
        } else if (name == "rPh") {
            --phonetic;
        } else if (name == "c" && in_row) {
            if (column > 16384) return;  // beyond XLSX's last column: a damaged sheet, ignored
            if (row.fields.size() <= column) row.fields.resize(column + 1);
            row.fields[column] = cellText();
        } else if (name == "row") {
            in_row = false;
            ready.push_back(std::move(row));
            row = CsvRecord{};
        }
    }

    void characters(std::string_view s)
    {
        if ((in_value || in_inline) && phonetic == 0) text.append(s);
    }

    std::string cellText() const
    {
        if (type == "s") {
            const auto index = static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
            return index < strings.size() ? strings[index] : std::string();
        }
        if (type == "inlineStr" || type == "str" || type == "e") return text;
        if (type == "b") return text == "1" ? "1" : "0";
        if (text.empty()) return text;
        if (style < date_styles.size() && date_styles[style]) {
            char* end = nullptr;
            const double serial = std::strtod(text.c_str(), &end);
            if (end != text.c_str()) return isoDateTime(serial, date1904);
        }
        return text;
    }
};

XlsxReader::XlsxReader(const std::filesystem::path& path) : state_(std::make_unique<State>())
{
    int error = 0;
    archive_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive_ == nullptr) {
        throw XlsxReadError("fichier XLSX illisible : " + path.filename().string() +
                            " n'est pas une archive complète (fichier tronqué ou abîmé ?)");
    }
    try {
        checkSizes(path);
        // The first sheet: workbook.xml's first <sheet>, found through the workbook's relations.
        std::string sheet_id;
        parseWhole(
            readWhole("xl/workbook.xml"), "xl/workbook.xml",
            [&](std::string_view name, const char** atts) {
                if (name == "sheet" && sheet_id.empty()) {
                    if (const char* id = attribute(atts, "id")) sheet_id = id;
                }
                if (name == "workbookPr") {
                    const char* d = attribute(atts, "date1904");
                    state_->date1904 = d != nullptr && (std::string_view(d) == "1" || std::string_view(d) == "true");
                }
            },
            [](std::string_view) {}, [](std::string_view) {});
        std::string target;
        parseWhole(
            readWhole("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels",
            [&](std::string_view name, const char** atts) {
                const char* id = attribute(atts, "Id");
                const char* t = attribute(atts, "Target");
                if (name == "Relationship" && id != nullptr && t != nullptr && sheet_id == id) target = t;
            },
            [](std::string_view) {}, [](std::string_view) {});
        if (target.empty()) throw XlsxReadError("fichier XLSX sans feuille de calcul");
        const auto sheet_name = target.front() == '/' ? target.substr(1) : "xl/" + target;

        if (zip_name_locate(archive_, "xl/sharedStrings.xml", 0) >= 0) {
            bool in_t = false;
            int phonetic = 0;
            std::string current;
            parseWhole(
                readWhole("xl/sharedStrings.xml"), "xl/sharedStrings.xml",
                [&](std::string_view name, const char**) {
                    if (name == "si") current.clear();
                    if (name == "t") in_t = true;
                    if (name == "rPh") ++phonetic;
                },
                [&](std::string_view name) {
                    if (name == "t") in_t = false;
                    if (name == "rPh") --phonetic;
                    if (name == "si") state_->strings.push_back(std::move(current));
                },
                [&](std::string_view s) {
                    if (in_t && phonetic == 0) current.append(s);
                });
        }
        if (zip_name_locate(archive_, "xl/styles.xml", 0) >= 0) {
            std::map<int, std::string> codes;
            std::vector<int> formats;
            bool in_xfs = false;
            parseWhole(
                readWhole("xl/styles.xml"), "xl/styles.xml",
                [&](std::string_view name, const char** atts) {
                    if (name == "numFmt") {
                        const char* id = attribute(atts, "numFmtId");
                        const char* code = attribute(atts, "formatCode");
                        if (id != nullptr && code != nullptr) codes[std::atoi(id)] = code;
                    } else if (name == "cellXfs") {
                        in_xfs = true;
                    } else if (name == "xf" && in_xfs) {
                        const char* id = attribute(atts, "numFmtId");
                        formats.push_back(id != nullptr ? std::atoi(id) : 0);
                    }
                },
                [&](std::string_view name) {
                    if (name == "cellXfs") in_xfs = false;
                },
                [](std::string_view) {});
            for (const int id : formats) {
                const auto code = codes.find(id);
                state_->date_styles.push_back(isDateFormat(id, code == codes.end() ? "" : code->second));
            }
        }

        sheet_ = zip_fopen(archive_, sheet_name.c_str(), 0);
        if (sheet_ == nullptr) throw XlsxReadError("fichier XLSX illisible : la feuille " + sheet_name + " manque");
        state_->parser.reset(XML_ParserCreate(nullptr));
        XML_SetUserData(state_->parser.get(), state_.get());
        XML_SetElementHandler(
            state_->parser.get(),
            [](void* data, const char* name, const char** atts) {
                static_cast<State*>(data)->startElement(localName(name), atts);
            },
            [](void* data, const char* name) { static_cast<State*>(data)->endElement(localName(name)); });
        XML_SetCharacterDataHandler(state_->parser.get(), [](void* data, const char* s, int len) {
            static_cast<State*>(data)->characters(std::string_view(s, static_cast<std::size_t>(len)));
        });
    } catch (...) {
        if (sheet_ != nullptr) zip_fclose(sheet_);
        zip_discard(archive_);
        throw;
    }
}

XlsxReader::~XlsxReader()
{
    if (sheet_ != nullptr) zip_fclose(sheet_);
    if (archive_ != nullptr) zip_discard(archive_);
}

void XlsxReader::checkSizes(const std::filesystem::path& path) const
{
    const auto file_size = std::filesystem::file_size(path);
    std::uint64_t declared = 0;
    const auto entries = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
            continue;
        }
        if (st.size > kMaxEntryBytes) {
            throw XlsxReadError("fichier XLSX refusé : une de ses parties annonce " + std::to_string(st.size >> 20) +
                                " Mio une fois décompressée (plus de 1 Gio) ; rien n'a été décompressé");
        }
        declared += st.size;
    }
    if (declared > 16 * 1024 * 1024 && declared > kMaxRatio * file_size) {
        throw XlsxReadError("fichier XLSX refusé : il annonce " + std::to_string(declared >> 20) +
                            " Mio une fois décompressé, pour un fichier de " + std::to_string(file_size >> 10) +
                            " Kio (une « bombe » ZIP ?) ; rien n'a été décompressé");
    }
}

std::string XlsxReader::readWhole(const std::string& name) const
{
    zip_file* file = zip_fopen(archive_, name.c_str(), 0);
    if (file == nullptr) throw XlsxReadError("fichier XLSX illisible : la partie " + name + " manque");
    std::string out;
    std::array<char, kChunk> chunk{};
    while (true) {
        const auto got = zip_fread(file, chunk.data(), chunk.size());
        if (got < 0) {
            zip_fclose(file);
            throw XlsxReadError("fichier XLSX illisible : la partie " + name + " est abîmée");
        }
        if (got == 0) break;
        out.append(chunk.data(), static_cast<std::size_t>(got));
        if (out.size() > kMaxEntryBytes) {
            zip_fclose(file);
            throw XlsxReadError("fichier XLSX refusé : la partie " + name + " dépasse 1 Gio");
        }
    }
    zip_fclose(file);
    return out;
}

bool XlsxReader::next(CsvRecord& record)
{
    std::array<char, kChunk> chunk{};
    while (state_->ready.empty() && !finished_) {
        const auto got = zip_fread(sheet_, chunk.data(), chunk.size());
        if (got < 0) throw XlsxReadError("fichier XLSX illisible : la feuille est abîmée ou tronquée");
        finished_ = got == 0;
        if (XML_Parse(state_->parser.get(), chunk.data(), static_cast<int>(got), finished_ ? 1 : 0) ==
            XML_STATUS_ERROR) {
            throw XlsxReadError(std::string("fichier XLSX illisible : la feuille n'est pas un XML valide (") +
                                XML_ErrorString(XML_GetErrorCode(state_->parser.get())) + ", ligne " +
                                std::to_string(XML_GetCurrentLineNumber(state_->parser.get())) + ")");
        }
    }
    if (state_->ready.empty()) return false;
    record = std::move(state_->ready.front());
    state_->ready.pop_front();
    return true;
}

std::unique_ptr<RecordReader> openRecordReader(const std::filesystem::path& path)
{
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw CsvReadError("cannot open " + path.string());
    std::array<char, 4> magic{};
    probe.read(magic.data(), magic.size());
    if (probe.gcount() == 4 && std::string_view(magic.data(), 4) == std::string_view("PK\x03\x04", 4)) {
        return std::make_unique<XlsxReader>(path);
    }
    return std::make_unique<CsvReader>(CsvReader::fromFile(path));
}

}  // namespace tnt::exports
