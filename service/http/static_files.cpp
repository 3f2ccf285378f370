#include "service/http/static_files.h"

#include <fstream>
#include <iterator>
#include <map>

namespace tnt::http {
namespace {

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string contentTypeOf(std::string_view file_name)
{
    static const std::map<std::string_view, std::string_view> types{
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/plain; charset=utf-8"},
    };
    for (const auto& [extension, type] : types) {
        if (endsWith(file_name, extension)) return std::string(type);
    }
    return "application/octet-stream";
}

bool isSafeRelativePath(std::string_view relative)
{
    if (relative.empty() || relative.size() > 512 || relative.front() == '/') return false;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto end = relative.find('/', start);
        if (end == std::string_view::npos) end = relative.size();
        const auto segment = relative.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        for (const char c : segment) {
            if (c == '\\' || c == '\0' || c == ':' || static_cast<unsigned char>(c) < 0x20) return false;
        }
        start = end + 1;
    }
    return true;
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root))
{
    std::error_code ec;
    auto canonical = std::filesystem::canonical(root_, ec);
    if (!ec) root_ = canonical;
}

std::optional<HttpResponse> StaticFiles::serve(std::string_view relative) const
{
    if (!isSafeRelativePath(relative)) return std::nullopt;
    std::error_code ec;
    const auto path = std::filesystem::canonical(root_ / std::filesystem::path(std::string(relative)), ec);
    if (ec || !std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    // A symbolic link may not lead outside the root.
    const auto root_text = root_.string() + "/";
    if (path.string().compare(0, root_text.size(), root_text) != 0) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto response = HttpResponse::text(200, std::move(body), contentTypeOf(path.filename().string()));
    // The URLs are not versioned: a day of caching, so an upgraded design system shows within a day.
    response.header("Cache-Control", "public, max-age=86400");
    return response;
}

}  // namespace tnt::http
