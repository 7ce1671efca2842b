#pragma once
// A ConnectionResolver with one saved datasource, id 7, for jobs that name datasourceId 7.

#include <string>
#include <utility>

#include "core/datasource/connection_resolver.h"

namespace dbbridge::testing {

class FixedResolver : public core::ConnectionResolver {
public:
    explicit FixedResolver(sdk::ConnectionSpec spec) : spec_(std::move(spec)) {}
    sdk::Result<sdk::ConnectionSpec> ResolveById(std::int64_t id) override {
        if (id != 7) {
            return sdk::Status::NotFound("datasource " + std::to_string(id) + " does not exist");
        }
        return spec_;
    }
    sdk::Result<sdk::ConnectionSpec> ResolveByName(const std::string& name) override {
        return sdk::Status::NotFound("datasource \"" + name + "\" does not exist");
    }

private:
    sdk::ConnectionSpec spec_;
};

}  // namespace dbbridge::testing
