// Internal helpers of the PKI sources: RAII handles for OpenSSL objects, bounded PEM input and
// output, name and time accessors, and PkiError built from OpenSSL's error queue.
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace parque::pki::detail {

struct OpensslFree {
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_REQ* p) const { X509_REQ_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    // ASN1_TIME, ASN1_IA5STRING, ASN1_OCTET_STRING... are all ASN1_STRING.
    void operator()(ASN1_STRING* p) const { ASN1_STRING_free(p); }
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
    void operator()(GENERAL_NAME* p) const { GENERAL_NAME_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, OpensslFree>;

// Throws PkiError("<what>: <OpenSSL errors>") and clears OpenSSL's error queue.
[[noreturn]] void throwPkiError(const std::string& what);
// Clears OpenSSL's error queue (after an expected failure that is reported as a result).
void clearErrors();

// A read-only memory BIO over `text`; throws when empty or longer than `limit` bytes.
Ptr<BIO> readOnlyBio(std::string_view text, std::size_t limit, const char* what);
std::string drainBio(BIO* bio);

Ptr<EVP_PKEY> readPrivateKey(const std::string& pem);  // unencrypted only
std::string privateKeyToPem(EVP_PKEY* key);            // PKCS#8
std::string publicKeyToPem(EVP_PKEY* key);
Ptr<X509> readCertificate(const std::string& pem);
std::string certificateToPem(X509* cert);
// Parses the CSR and runs every check of verifyCsr().
Ptr<X509_REQ> readVerifiedCsr(const std::string& pem);

bool isP256(const EVP_PKEY* key);
Ptr<EVP_PKEY> generateP256();

// The single CN of `name` as UTF-8; empty when absent; throws when repeated or containing NUL.
std::string commonNameOf(const X509_NAME* name);
// Adds CN=commonName after checking it is 1..64 bytes without control characters.
void addCommonName(X509_NAME* name, const std::string& commonName);
std::string serialHexOf(const X509* cert);
std::int64_t unixTimeOf(const ASN1_TIME* time);

}  // namespace parque::pki::detail
