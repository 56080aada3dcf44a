// The Poco HTTPS server: TLS context (1.2+, ECDHE-ECDSA AEAD ciphers, client certificates
// requested and verified against the collector's CA), the request handler that dispatches through
// the Router, and the one place that maps exceptions to status codes and JSON errors.
#pragma once

#include "parque/collector/Config.h"
#include "parque/collector/Router.h"
#include "parque/collector/Service.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Net/HTTPServer.h>

#include <memory>
#include <string>

namespace parque::collector {

struct ServerTls {
    std::string certificateFile;
    std::string privateKeyFile;
    std::string authorityFile;
};

std::unique_ptr<Poco::Net::HTTPServer> makeHttpServer(const CollectorConfig& config,
                                                      const ServerTls& tls, const Router& router,
                                                      Services& services);

// What follows a stored inventory: the replaced-peripherals hook (a ticket); its failure is
// logged, never undoes the stored inventory.
void afterInventory(Services& services, const std::string& deviceId, const ApplyResult& result);

// The request body, refused with 413 beyond `limit` bytes (before decompression).
std::string readBody(Request& request, std::size_t limit);

// A body as received and as decoded under the configured size and ratio limits (BodyError).
struct RequestBody {
    protocol::BodyEncoding encoding;
    std::string decoded;
};
RequestBody decodeRequestBody(const CollectorConfig& config, const Request& request,
                              const std::string& raw);

}  // namespace parque::collector
