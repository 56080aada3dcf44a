// The collector's certificate files: the operator's, or on first start an own CA and a server
// certificate made in <data>/tls (keys mode 0600, folder 0700).
#pragma once

#include "parque/collector/Config.h"
#include "parque/pki/Pki.h"

#include <string>

namespace parque::collector {

struct TlsMaterial {
    std::string certificateFile;  // server certificate followed by the CA
    std::string privateKeyFile;
    std::string authorityFile;
    pki::Authority authority;  // loaded: signs device certificates
    std::string authorityFingerprint;
    bool created = false;  // made just now
};

TlsMaterial ensureTlsMaterial(const CollectorConfig& config);

}  // namespace parque::collector
