#pragma once
// The OpenAPI 3.1 description of every route (host/openapi/openapi.json, compiled into the
// binary so GET /api/openapi.json needs no file at run time).

#include <string>

namespace dbbridge::host {

const std::string& OpenApiDocument();

}  // namespace dbbridge::host
