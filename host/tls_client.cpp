#include "host/tls_client.h"

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

}  // namespace dbbridge::host
