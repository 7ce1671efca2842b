#include "host/tls_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>

namespace dbbridge::host {

Poco::Net::Context::Ptr ClientTlsContext() {
    // Configured here, once: Poco would otherwise look for an application configuration.
    static Poco::Net::Context::Ptr context = [] {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr c = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                           Poco::Net::Context::VERIFY_RELAXED, 9, true);
        Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), c);
        return c;
    }();
    return context;
}

sdk::Result<Poco::Net::Context::Ptr> ClientTlsContext(const std::string& ca_file, const std::string& key) {
    Poco::Net::Context::Ptr system = ClientTlsContext();  // also sets up the SSL manager, once
    if (ca_file.empty()) {
        return system;
    }
    try {
        return Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file,
                                                              Poco::Net::Context::VERIFY_RELAXED, 9, true));
    } catch (const Poco::Exception& e) {
        return sdk::Status::InvalidArgument(key + ": '" + ca_file + "' holds no usable CA certificate: " +
                                            e.displayText());
    }
}

}  // namespace dbbridge::host
