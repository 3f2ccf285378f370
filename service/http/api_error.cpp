#include "service/http/api_error.h"

namespace tnt::http {

ApiError::ApiError(int status, std::string code, std::string message, nlohmann::json details)
    : std::runtime_error(code),
      status_(status),
      code_(std::move(code)),
      message_(std::move(message)),
      details_(std::move(details))
{
}

nlohmann::json ApiError::toJson() const
{
    nlohmann::json out = details_.is_object() ? details_ : nlohmann::json::object();
    out["error"] = code_;
    out["message"] = message_;
    return out;
}

ApiError ApiError::notFound()
{
    return ApiError(404, "not_found", "La ressource demandée n'existe pas.");
}

ApiError ApiError::unavailable(int retry_after_seconds)
{
    ApiError e(503, "unavailable", "Le service est momentanément indisponible. Réessayez dans quelques instants.");
    e.withRetryAfter(retry_after_seconds);
    return e;
}

ApiError ApiError::internal()
{
    return ApiError(500, "internal_error", "Une erreur interne est survenue. L'équipe technique a été prévenue.");
}

}  // namespace tnt::http
