// Issuing certificates: the self-signed authority, server certificates and device certificates.
#include <openssl/rand.h>

#include <cctype>

#include "OpensslSupport.h"
#include "parque/pki/Pki.h"

namespace parque::pki {

using detail::Ptr;

namespace {

constexpr long clockSkewSeconds = 300;  // 5 minutes
constexpr std::size_t maxDnsNameBytes = 253;

void checkValidDays(int validDays) {
    if (validDays < 1 || validDays > maxValidDays) {
        throw PkiError("validity must be 1 to " + std::to_string(maxValidDays) + " days, got " +
                       std::to_string(validDays));
    }
}

void setRandomSerial(X509* cert) {
    Ptr<BIGNUM> serial(BN_new());
    // Exactly 128 bits with the top bit set: positive, non-zero, 17 DER bytes at most.
    if (!serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr) {
        detail::throwPkiError("cannot set a random serial number");
    }
}

// A v3 certificate with serial, validity (now - 5 min .. now + validDays), subject CN, issuer
// name and public key. Extensions and the signature are up to the caller.
Ptr<X509> newCertificate(const std::string& commonName, const X509_NAME* issuer, EVP_PKEY* key,
                         int validDays) {
    checkValidDays(validDays);
    Ptr<X509> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        detail::throwPkiError("cannot create certificate");
    }
    setRandomSerial(cert.get());
    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -clockSkewSeconds) == nullptr ||
        X509_time_adj_ex(X509_getm_notAfter(cert.get()), validDays, 0, nullptr) == nullptr) {
        detail::throwPkiError("cannot set certificate validity");
    }
    detail::addCommonName(X509_get_subject_name(cert.get()), commonName);
    const X509_NAME* issuerName = issuer != nullptr ? issuer : X509_get_subject_name(cert.get());
    if (X509_set_issuer_name(cert.get(), issuerName) != 1 ||
        X509_set_pubkey(cert.get(), key) != 1) {
        detail::throwPkiError("cannot set certificate issuer or key");
    }
    return cert;
}

// Adds an extension from its OpenSSL configuration text, e.g. "critical,CA:TRUE".
void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    Ptr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
        detail::throwPkiError(std::string("cannot add extension ") + OBJ_nid2sn(nid));
    }
}

void sign(X509* cert, EVP_PKEY* key) {
    if (X509_sign(cert, key, EVP_sha256()) <= 0) {
        detail::throwPkiError("cannot sign certificate");
    }
}

struct LoadedAuthority {
    Ptr<X509> cert;
    Ptr<EVP_PKEY> key;
};

LoadedAuthority loadAuthority(const Authority& ca) {
    LoadedAuthority loaded{detail::readCertificate(ca.certificatePem),
                           detail::readPrivateKey(ca.privateKeyPem)};
    if (X509_check_private_key(loaded.cert.get(), loaded.key.get()) != 1) {
        detail::throwPkiError("authority private key does not match its certificate");
    }
    if (X509_check_ca(loaded.cert.get()) == 0) {
        throw PkiError("authority certificate is not a CA");
    }
    return loaded;
}

// Extensions common to certificates issued by the authority.
void addLeafExtensions(X509* cert, X509* issuer, const char* extendedKeyUsage) {
    addExtension(cert, issuer, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert, issuer, NID_key_usage, "critical,digitalSignature");
    addExtension(cert, issuer, NID_ext_key_usage, extendedKeyUsage);
    addExtension(cert, issuer, NID_subject_key_identifier, "hash");
    addExtension(cert, issuer, NID_authority_key_identifier, "keyid:always");
}

void checkDnsName(const std::string& name) {
    if (name.empty() || name.size() > maxDnsNameBytes) {
        throw PkiError("DNS name must be 1 to 253 bytes: '" + name + "'");
    }
    for (const char c : name) {
        const bool allowed = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                             c == '.' || c == '_' || c == '*';
        if (!allowed) {
            throw PkiError("DNS name contains an invalid character: '" + name + "'");
        }
    }
}

void pushName(GENERAL_NAMES* names, Ptr<GENERAL_NAME> name) {
    GENERAL_NAME* raw = name.release();
    if (sk_GENERAL_NAME_push(names, raw) <= 0) {
        GENERAL_NAME_free(raw);
        detail::throwPkiError("cannot build subject alternative names");
    }
}

Ptr<GENERAL_NAMES> buildAltNames(const ServerIdentity& san) {
    Ptr<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
    if (!names) {
        detail::throwPkiError("cannot build subject alternative names");
    }
    for (const std::string& dns : san.dnsNames) {
        checkDnsName(dns);
        Ptr<ASN1_IA5STRING> text(ASN1_IA5STRING_new());
        Ptr<GENERAL_NAME> name(GENERAL_NAME_new());
        if (!text || !name ||
            ASN1_STRING_set(text.get(), dns.data(), static_cast<int>(dns.size())) != 1) {
            detail::throwPkiError("cannot encode DNS name '" + dns + "'");
        }
        GENERAL_NAME_set0_value(name.get(), GEN_DNS, text.release());
        pushName(names.get(), std::move(name));
    }
    for (const std::string& ip : san.ipAddresses) {
        Ptr<ASN1_OCTET_STRING> address(a2i_IPADDRESS(ip.c_str()));
        if (!address) {
            detail::throwPkiError("not an IP address: '" + ip + "'");
        }
        Ptr<GENERAL_NAME> name(GENERAL_NAME_new());
        if (!name) {
            detail::throwPkiError("cannot encode IP address");
        }
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
        pushName(names.get(), std::move(name));
    }
    return names;
}

}  // namespace

Authority createAuthority(const std::string& commonName, int validDays) {
    Ptr<EVP_PKEY> key = detail::generateP256();
    Ptr<X509> cert = newCertificate(commonName, nullptr, key.get(), validDays);
    addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    sign(cert.get(), key.get());
    return Authority{detail::certificateToPem(cert.get()), detail::privateKeyToPem(key.get())};
}

std::string issueServerCertificate(const Authority& ca, const std::string& serverPrivateKeyPem,
                                   const std::string& commonName, const ServerIdentity& san,
                                   int validDays) {
    if (san.dnsNames.empty() && san.ipAddresses.empty()) {
        throw PkiError("server certificate needs at least one DNS name or IP address");
    }
    LoadedAuthority authority = loadAuthority(ca);
    Ptr<EVP_PKEY> serverKey = detail::readPrivateKey(serverPrivateKeyPem);
    Ptr<GENERAL_NAMES> altNames = buildAltNames(san);
    Ptr<X509> cert = newCertificate(commonName, X509_get_subject_name(authority.cert.get()),
                                    serverKey.get(), validDays);
    addLeafExtensions(cert.get(), authority.cert.get(), "serverAuth");
    if (X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, altNames.get(), 0,
                          X509V3_ADD_DEFAULT) != 1) {
        detail::throwPkiError("cannot add subject alternative names");
    }
    sign(cert.get(), authority.key.get());
    return detail::certificateToPem(cert.get());
}

Issued signDeviceCertificate(const Authority& ca, const std::string& csrPem,
                             const std::string& deviceId, int validDays) {
    Ptr<X509_REQ> request = detail::readVerifiedCsr(csrPem);
    LoadedAuthority authority = loadAuthority(ca);
    Ptr<X509> cert = newCertificate(deviceId, X509_get_subject_name(authority.cert.get()),
                                    X509_REQ_get0_pubkey(request.get()), validDays);
    addLeafExtensions(cert.get(), authority.cert.get(), "clientAuth");
    sign(cert.get(), authority.key.get());
    return Issued{detail::certificateToPem(cert.get()), detail::serialHexOf(cert.get()),
                  detail::unixTimeOf(X509_get0_notAfter(cert.get()))};
}

}  // namespace parque::pki
