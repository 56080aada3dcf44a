#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <catch2/catch.hpp>

#include <cctype>

#include <cstdio>
#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "parque/pki/Pki.h"

using namespace parque::pki;

namespace {

struct Free {
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_REQ* p) const { X509_REQ_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

Ptr<BIO> bioOf(const std::string& text) {
    return Ptr<BIO>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string drain(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(length));
}

Ptr<X509> parseCert(const std::string& pem) {
    Ptr<BIO> bio = bioOf(pem);
    Ptr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(cert);
    return cert;
}

Ptr<X509_REQ> parseCsr(const std::string& pem) {
    Ptr<BIO> bio = bioOf(pem);
    Ptr<X509_REQ> request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(request);
    return request;
}

std::string csrToPem(X509_REQ* request) {
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    REQUIRE(PEM_write_bio_X509_REQ(bio.get(), request) == 1);
    return drain(bio.get());
}

// A CSR for a freshly generated key of any algorithm OpenSSL knows, built without the module.
std::string foreignCsr(const char* algorithm, const char* parameter) {
    Ptr<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    REQUIRE(context);
    REQUIRE(EVP_PKEY_keygen_init(context.get()) == 1);
    if (std::string(algorithm) == "RSA") {
        REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), 2048) == 1);
    } else {
        REQUIRE(EVP_PKEY_CTX_set_group_name(context.get(), parameter) == 1);
    }
    EVP_PKEY* raw = nullptr;
    REQUIRE(EVP_PKEY_generate(context.get(), &raw) == 1);
    Ptr<EVP_PKEY> key(raw);
    Ptr<X509_REQ> request(X509_REQ_new());
    const auto* cn = reinterpret_cast<const unsigned char*>("foreign");
    REQUIRE(X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(request.get()), "CN",
                                       MBSTRING_UTF8, cn, -1, -1, 0) == 1);
    REQUIRE(X509_REQ_set_pubkey(request.get(), key.get()) == 1);
    REQUIRE(X509_REQ_sign(request.get(), key.get(), EVP_sha256()) > 0);
    return csrToPem(request.get());
}

// Verifies `leaf` against `ca` as a trust anchor for the given purpose, as a TLS peer would.
bool chainVerifies(const std::string& leafPem, const std::string& caPem, int purpose) {
    Ptr<X509> leaf = parseCert(leafPem);
    Ptr<X509> ca = parseCert(caPem);
    Ptr<X509_STORE> store(X509_STORE_new());
    REQUIRE(X509_STORE_add_cert(store.get(), ca.get()) == 1);
    Ptr<X509_STORE_CTX> context(X509_STORE_CTX_new());
    REQUIRE(X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr) == 1);
    REQUIRE(X509_STORE_CTX_set_purpose(context.get(), purpose) == 1);
    return X509_verify_cert(context.get()) == 1;
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

const Authority& testAuthority() {
    static const Authority authority = createAuthority("Parque Test CA", 3650);
    return authority;
}

}  // namespace

TEST_CASE("Pki: generated key and CSR round trip", "[pki]") {
    const std::string key = generateKeyPem();
    CHECK(key.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    CHECK(key != generateKeyPem());

    const std::string csr = createCsrPem(key, "device-42");
    CHECK(csr.rfind("-----BEGIN CERTIFICATE REQUEST-----", 0) == 0);
    const CsrInfo info = verifyCsr(csr);
    CHECK(info.commonName == "device-42");
    CHECK(info.publicKeyPem == publicKeyPem(key));
    CHECK(info.publicKeyPem.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
    CHECK(X509_REQ_get_signature_nid(parseCsr(csr).get()) == NID_ecdsa_with_SHA256);
}

TEST_CASE("Pki: bad private keys and names are refused", "[pki]") {
    CHECK_THROWS_AS(publicKeyPem(""), PkiError);
    CHECK_THROWS_AS(publicKeyPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                    PkiError);
    const std::string key = generateKeyPem();
    CHECK_THROWS_AS(createCsrPem(key, ""), PkiError);
    CHECK_THROWS_AS(createCsrPem(key, std::string(65, 'a')), PkiError);
    CHECK_THROWS_AS(createCsrPem(key, "bad\nname"), PkiError);
}

TEST_CASE("Pki: verifyCsr rejects malformed and foreign requests", "[pki]") {
    const std::string csr = createCsrPem(generateKeyPem(), "device-1");

    SECTION("garbage") {
        CHECK_THROWS_WITH(verifyCsr("hello"), Catch::Contains("not a PEM certificate signing"));
        CHECK_THROWS_AS(verifyCsr(""), PkiError);
        CHECK_THROWS_AS(verifyCsr(std::string(1000, '\0')), PkiError);
    }
    SECTION("truncated PEM") {
        CHECK_THROWS_AS(verifyCsr(csr.substr(0, csr.size() / 2)), PkiError);
        CHECK_THROWS_AS(verifyCsr(csr.substr(0, csr.size() - 30)), PkiError);
    }
    SECTION("oversized input") {
        CHECK_THROWS_WITH(verifyCsr(csr + std::string(maxCsrPemBytes, '\n')),
                          Catch::Contains("larger than 16384"));
    }
    SECTION("RSA key") {
        CHECK_THROWS_WITH(verifyCsr(foreignCsr("RSA", nullptr)),
                          Catch::Contains("EC P-256, got RSA"));
    }
    SECTION("EC key on another curve") {
        CHECK_THROWS_WITH(verifyCsr(foreignCsr("EC", "P-384")), Catch::Contains("EC P-256"));
        CHECK_NOTHROW(verifyCsr(foreignCsr("EC", "P-256")));
    }
    SECTION("subject changed after signing") {
        Ptr<X509_REQ> request = parseCsr(csr);
        unsigned char* der = nullptr;
        const int length = i2d_X509_REQ(request.get(), &der);
        REQUIRE(length > 0);
        std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
        OPENSSL_free(der);
        const std::size_t at = bytes.find("device-1");
        REQUIRE(at != std::string::npos);
        bytes[at + 7] = '2';  // "device-2": same length, still well-formed DER
        const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
        Ptr<X509_REQ> tampered(d2i_X509_REQ(nullptr, &cursor, length));
        REQUIRE(tampered);
        CHECK_THROWS_WITH(verifyCsr(csrToPem(tampered.get())),
                          Catch::Contains("signature does not verify"));
    }
}

TEST_CASE("Pki: authority has CA extensions", "[pki]") {
    const Authority& ca = testAuthority();
    Ptr<X509> cert = parseCert(ca.certificatePem);
    CHECK(X509_check_ca(cert.get()) == 1);
    CHECK(X509_get_pathlen(cert.get()) == 0);
    CHECK(X509_get_key_usage(cert.get()) == (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    CHECK(X509_get0_subject_key_id(cert.get()) != nullptr);
    CHECK(X509_get_signature_nid(cert.get()) == NID_ecdsa_with_SHA256);
    CHECK(isSignedBy(ca.certificatePem, ca.certificatePem));
    const CertificateInfo info = inspectCertificate(ca.certificatePem);
    CHECK(info.subjectCommonName == "Parque Test CA");
    CHECK(info.issuerCommonName == "Parque Test CA");
    CHECK(info.serialHex.size() == 32);
    CHECK(std::abs(info.notAfterUnix - (now() + 3650LL * 86400)) < 60);
    CHECK_THROWS_AS(createAuthority("CA", 0), PkiError);
}

TEST_CASE("Pki: device certificate is issued for the device id", "[pki]") {
    const Authority& ca = testAuthority();
    const std::string key = generateKeyPem();
    const std::string csr = createCsrPem(key, "whatever-the-agent-asked");
    const Issued issued = signDeviceCertificate(ca, csr, "dev-0001", 365);

    const CertificateInfo info = inspectCertificate(issued.certificatePem);
    CHECK(info.subjectCommonName == "dev-0001");
    CHECK(info.issuerCommonName == "Parque Test CA");
    CHECK(info.serialHex == issued.serialHex);
    CHECK(info.serialHex.size() == 32);
    CHECK(info.serialHex.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(info.notAfterUnix == issued.notAfterUnix);
    CHECK(std::abs(info.notBeforeUnix - (now() - 300)) < 60);
    CHECK(std::abs(info.notAfterUnix - (now() + 365LL * 86400)) < 60);

    CHECK(isSignedBy(issued.certificatePem, ca.certificatePem));
    const Authority other = createAuthority("Parque Test CA", 30);  // same name, other key
    CHECK_FALSE(isSignedBy(issued.certificatePem, other.certificatePem));
    const Authority renamed = createAuthority("Another CA", 30);
    CHECK_FALSE(isSignedBy(issued.certificatePem, renamed.certificatePem));

    Ptr<X509> cert = parseCert(issued.certificatePem);
    CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT) != 0);
    CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER) == 0);
    CHECK(X509_check_ca(cert.get()) == 0);
    CHECK(X509_get0_authority_key_id(cert.get()) != nullptr);
    CHECK(chainVerifies(issued.certificatePem, ca.certificatePem, X509_PURPOSE_SSL_CLIENT));
    CHECK_FALSE(
        chainVerifies(issued.certificatePem, other.certificatePem, X509_PURPOSE_SSL_CLIENT));

    const Issued again = signDeviceCertificate(ca, csr, "dev-0001", 365);
    CHECK(again.serialHex != issued.serialHex);
}

TEST_CASE("Pki: device certificate is refused for bad input", "[pki]") {
    const Authority& ca = testAuthority();
    const std::string csr = createCsrPem(generateKeyPem(), "x");
    CHECK_THROWS_AS(signDeviceCertificate(ca, foreignCsr("RSA", nullptr), "dev", 1), PkiError);
    CHECK_THROWS_AS(signDeviceCertificate(ca, csr, "", 1), PkiError);
    CHECK_THROWS_AS(signDeviceCertificate(ca, csr, "dev", -1), PkiError);
    const Authority other = createAuthority("Other", 1);
    const Authority mismatched{ca.certificatePem, other.privateKeyPem};
    CHECK_THROWS_WITH(signDeviceCertificate(mismatched, csr, "dev", 1),
                      Catch::Contains("does not match"));
}

TEST_CASE("Pki: server certificate carries its subject alternative names", "[pki]") {
    const Authority& ca = testAuthority();
    const std::string key = generateKeyPem();
    const ServerIdentity san{{"collector.example.org", "localhost"}, {"127.0.0.1", "::1"}};
    const std::string pem = issueServerCertificate(ca, key, "collector", san, 825);

    Ptr<X509> cert = parseCert(pem);
    Ptr<GENERAL_NAMES> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    REQUIRE(names);
    std::set<std::string> dns;
    std::vector<std::size_t> ipLengths;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS) {
            dns.insert(
                std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                            static_cast<std::size_t>(ASN1_STRING_length(name->d.dNSName))));
        } else if (name->type == GEN_IPADD) {
            ipLengths.push_back(static_cast<std::size_t>(ASN1_STRING_length(name->d.iPAddress)));
        }
    }
    CHECK(dns == std::set<std::string>{"collector.example.org", "localhost"});
    CHECK(ipLengths == std::vector<std::size_t>{4, 16});
    CHECK(X509_check_host(cert.get(), "collector.example.org", 0, 0, nullptr) == 1);
    CHECK(X509_check_host(cert.get(), "evil.example.org", 0, 0, nullptr) == 0);
    CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "::1", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "10.0.0.1", 0) == 0);
    CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER) != 0);
    CHECK(X509_get_key_usage(cert.get()) == KU_DIGITAL_SIGNATURE);
    CHECK(X509_get0_authority_key_id(cert.get()) != nullptr);
    CHECK(chainVerifies(pem, ca.certificatePem, X509_PURPOSE_SSL_SERVER));
    CHECK(inspectCertificate(pem).subjectCommonName == "collector");

    CHECK_THROWS_WITH(issueServerCertificate(ca, key, "c", {{}, {"300.1.1.1"}}, 1),
                      Catch::Contains("not an IP address"));
    CHECK_THROWS_AS(issueServerCertificate(ca, key, "c", {{"bad name,DNS:x"}, {}}, 1), PkiError);
    CHECK_THROWS_AS(issueServerCertificate(ca, key, "c", {}, 1), PkiError);
}

TEST_CASE("Pki: fingerprints", "[pki]") {
    const Authority& ca = testAuthority();
    const std::string fingerprint = fingerprintSha256(ca.certificatePem);
    REQUIRE(fingerprint.size() == 95);
    for (std::size_t i = 0; i < fingerprint.size(); ++i) {
        const char c = fingerprint[i];
        CHECK((i % 3 == 2 ? c == ':' : (std::isdigit(c) != 0 || (c >= 'A' && c <= 'F'))));
    }

    Ptr<X509> cert = parseCert(ca.certificatePem);
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert.get(), &der);
    REQUIRE(length > 0);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    REQUIRE(EVP_Digest(der, static_cast<std::size_t>(length), digest, &digestLength, EVP_sha256(),
                       nullptr) == 1);
    OPENSSL_free(der);
    char firstByte[3];
    std::snprintf(firstByte, sizeof firstByte, "%02X", digest[0]);
    CHECK(fingerprint.substr(0, 2) == firstByte);

    std::string bare;
    std::string lower;
    for (const char c : fingerprint) {
        if (c != ':') {
            bare += c;
        }
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    CHECK(fingerprintsEqual(fingerprint, fingerprint));
    CHECK(fingerprintsEqual(fingerprint, bare));
    CHECK(fingerprintsEqual(lower, fingerprint));
    CHECK(fingerprintsEqual("sha256:" + bare, fingerprint));
    CHECK(fingerprintsEqual("SHA256:" + lower, fingerprint));
    CHECK(fingerprintsEqual("  SHA256: " + fingerprint + "\n", bare));
    CHECK(fingerprintsEqual(bare.substr(0, 32) + " \t" + bare.substr(32), fingerprint));

    const std::string otherFingerprint = fingerprintSha256(createAuthority("x", 1).certificatePem);
    CHECK_FALSE(fingerprintsEqual(fingerprint, otherFingerprint));
    CHECK_FALSE(fingerprintsEqual(fingerprint, bare.substr(0, 62)));
    CHECK_FALSE(fingerprintsEqual("", ""));
    CHECK_FALSE(fingerprintsEqual(bare + "zz", bare + "zz"));
    CHECK_FALSE(fingerprintsEqual("sha1:" + bare, bare));
    CHECK_THROWS_AS(fingerprintSha256("not a certificate"), PkiError);
}
