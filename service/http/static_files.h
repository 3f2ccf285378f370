// Files of a directory served under a URL prefix — the State design system's CSS, fonts and icons from
// node_modules/@gouvfr/dsfr/dist — with their content type and cache headers. Only plain relative paths
// inside the directory are served: "..", ".", empty segments, backslashes, NUL and symbolic links that
// lead outside are refused as "not found".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "service/http/http_message.h"

namespace tnt::http {

// "text/css; charset=utf-8" for "x.css"…; application/octet-stream when unknown.
std::string contentTypeOf(std::string_view file_name);

// Whether `relative` ("fonts/Marianne-Bold.woff2") is a path this server may look up at all.
bool isSafeRelativePath(std::string_view relative);

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // The file's response (200, body, Content-Type, Cache-Control), or nullopt when it is not served.
    std::optional<HttpResponse> serve(std::string_view relative) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;  // canonical when it exists
};

}  // namespace tnt::http
