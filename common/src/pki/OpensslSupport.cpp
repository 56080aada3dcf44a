#include "OpensslSupport.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <array>
#include <cctype>
#include <climits>
#include <cstring>

#include "parque/pki/Pki.h"

namespace parque::pki::detail {

namespace {

// Refuses to decrypt: keys must be unencrypted, and OpenSSL must never prompt on a terminal.
int noPassword(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*userData*/) { return -1; }

std::string openSslErrors() {
    std::string text;
    while (unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        if (!text.empty()) {
            text += "; ";
        }
        text += buffer.data();
    }
    return text;
}

}  // namespace

void throwPkiError(const std::string& what) {
    const std::string details = openSslErrors();
    throw PkiError(details.empty() ? what : what + ": " + details);
}

void clearErrors() { ERR_clear_error(); }

Ptr<BIO> readOnlyBio(std::string_view text, std::size_t limit, const char* what) {
    if (text.empty()) {
        throw PkiError(std::string(what) + " is empty");
    }
    if (text.size() > limit || text.size() > static_cast<std::size_t>(INT_MAX)) {
        throw PkiError(std::string(what) + " is larger than " + std::to_string(limit) + " bytes");
    }
    Ptr<BIO> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) {
        throwPkiError("BIO_new_mem_buf failed");
    }
    return bio;
}

std::string drainBio(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length < 0 || (length > 0 && data == nullptr)) {
        throwPkiError("cannot read PEM output");
    }
    return std::string(data, static_cast<std::size_t>(length));
}

namespace {

Ptr<BIO> newMemoryBio() {
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio) {
        throwPkiError("BIO_new failed");
    }
    return bio;
}

}  // namespace

Ptr<EVP_PKEY> readPrivateKey(const std::string& pem) {
    Ptr<BIO> bio = readOnlyBio(pem, maxKeyPemBytes, "private key PEM");
    Ptr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr));
    if (!key) {
        throwPkiError("not an unencrypted PEM private key");
    }
    return key;
}

std::string privateKeyToPem(EVP_PKEY* key) {
    Ptr<BIO> bio = newMemoryBio();
    if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        throwPkiError("cannot write private key PEM");
    }
    return drainBio(bio.get());
}

std::string publicKeyToPem(EVP_PKEY* key) {
    Ptr<BIO> bio = newMemoryBio();
    if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
        throwPkiError("cannot write public key PEM");
    }
    return drainBio(bio.get());
}

Ptr<X509> readCertificate(const std::string& pem) {
    Ptr<BIO> bio = readOnlyBio(pem, maxCertificatePemBytes, "certificate PEM");
    Ptr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, noPassword, nullptr));
    if (!cert) {
        throwPkiError("not a PEM certificate");
    }
    return cert;
}

std::string certificateToPem(X509* cert) {
    Ptr<BIO> bio = newMemoryBio();
    if (PEM_write_bio_X509(bio.get(), cert) != 1) {
        throwPkiError("cannot write certificate PEM");
    }
    return drainBio(bio.get());
}

bool isP256(const EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_is_a(key, "EC") != 1) {
        return false;
    }
    std::array<char, 64> group{};
    std::size_t length = 0;
    if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) {
        clearErrors();  // explicit curve parameters: no group name, and not acceptable
        return false;
    }
    return OBJ_txt2nid(group.data()) == NID_X9_62_prime256v1;
}

Ptr<EVP_PKEY> generateP256() {
    Ptr<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
        EVP_PKEY_CTX_set_group_name(context.get(), "P-256") != 1) {
        throwPkiError("cannot set up EC P-256 key generation");
    }
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(context.get(), &raw) != 1) {
        throwPkiError("EC P-256 key generation failed");
    }
    return Ptr<EVP_PKEY>(raw);
}

std::string commonNameOf(const X509_NAME* name) {
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0) {
        return {};
    }
    if (X509_NAME_get_index_by_NID(name, NID_commonName, index) >= 0) {
        throw PkiError("name has more than one common name");
    }
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0) {
        throwPkiError("common name is not a valid string");
    }
    std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    if (text.find('\0') != std::string::npos) {
        throw PkiError("common name contains a NUL character");
    }
    return text;
}

void addCommonName(X509_NAME* name, const std::string& commonName) {
    if (commonName.empty() || commonName.size() > maxCommonNameBytes) {
        throw PkiError("common name must be 1 to " + std::to_string(maxCommonNameBytes) +
                       " bytes, got " + std::to_string(commonName.size()));
    }
    for (const char c : commonName) {
        if (std::iscntrl(static_cast<unsigned char>(c)) != 0) {
            throw PkiError("common name contains a control character");
        }
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(commonName.data());
    if (X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8, bytes,
                                   static_cast<int>(commonName.size()), -1, 0) != 1) {
        throwPkiError("cannot set common name '" + commonName + "'");
    }
}

std::string serialHexOf(const X509* cert) {
    Ptr<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!serial) {
        throwPkiError("cannot read serial number");
    }
    char* hex = BN_bn2hex(serial.get());
    if (hex == nullptr) {
        throwPkiError("cannot format serial number");
    }
    std::string text(hex);
    OPENSSL_free(hex);
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::int64_t unixTimeOf(const ASN1_TIME* time) {
    Ptr<ASN1_TIME> epoch(ASN1_TIME_set(nullptr, 0));
    int days = 0;
    int seconds = 0;
    if (!epoch || time == nullptr || ASN1_TIME_diff(&days, &seconds, epoch.get(), time) != 1) {
        throwPkiError("invalid certificate time");
    }
    return static_cast<std::int64_t>(days) * 86400 + seconds;
}

}  // namespace parque::pki::detail
