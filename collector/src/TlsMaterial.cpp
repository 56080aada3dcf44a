#include "TlsMaterial.h"

#include "parque/util/AtomicFile.h"

#include <Poco/Net/DNS.h>

#include <filesystem>

namespace parque::collector {
namespace {

namespace fs = std::filesystem;

pki::ServerIdentity serverIdentity(const TlsConfig& tls) {
    pki::ServerIdentity identity;
    identity.dnsNames = {"localhost"};
    try {
        const std::string host = Poco::Net::DNS::hostName();
        if (!host.empty() && host != "localhost") {
            identity.dnsNames.push_back(host);
        }
    } catch (const Poco::Exception&) {  // no host name: localhost and the addresses remain
    }
    identity.ipAddresses = {"127.0.0.1", "::1"};
    for (const std::string& name : tls.serverNames) {
        const bool isAddress =
            name.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos &&
            (name.find('.') != std::string::npos || name.find(':') != std::string::npos);
        (isAddress ? identity.ipAddresses : identity.dnsNames).push_back(name);
    }
    return identity;
}

void createMaterial(const CollectorConfig& config, const fs::path& dir) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    const pki::Authority ca = pki::createAuthority("Parque collector CA", 3650);
    const std::string serverKey = pki::generateKeyPem();
    const std::string serverCert = pki::issueServerCertificate(ca, serverKey, "Parque collector",
                                                               serverIdentity(config.tls), 825);
    util::writeFileAtomic(dir / "ca.key", ca.privateKeyPem, 0600);
    util::writeFileAtomic(dir / "ca.pem", ca.certificatePem, 0644);
    util::writeFileAtomic(dir / "server.key", serverKey, 0600);
    util::writeFileAtomic(dir / "server.pem", serverCert + ca.certificatePem, 0644);
}

}  // namespace

TlsMaterial ensureTlsMaterial(const CollectorConfig& config) {
    TlsMaterial m;
    const TlsConfig& tls = config.tls;
    if (!tls.certificateFile.empty()) {
        if (tls.privateKeyFile.empty() || tls.authorityFile.empty() ||
            tls.authorityKeyFile.empty()) {
            throw std::invalid_argument(
                "collector.tls.certificate is set: also set collector.tls.private_key, "
                "collector.tls.authority and collector.tls.authority_key");
        }
        m.certificateFile = tls.certificateFile;
        m.privateKeyFile = tls.privateKeyFile;
        m.authorityFile = tls.authorityFile;
        m.authority = {util::readFile(tls.authorityFile), util::readFile(tls.authorityKeyFile)};
    } else {
        const fs::path dir = config.dataDir / "tls";
        if (!fs::exists(dir / "ca.key")) {
            createMaterial(config, dir);
            m.created = true;
        }
        m.certificateFile = (dir / "server.pem").string();
        m.privateKeyFile = (dir / "server.key").string();
        m.authorityFile = (dir / "ca.pem").string();
        m.authority = {util::readFile(dir / "ca.pem"), util::readFile(dir / "ca.key")};
    }
    m.authorityFingerprint = pki::fingerprintSha256(m.authority.certificatePem);
    return m;
}

}  // namespace parque::collector
