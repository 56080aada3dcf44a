// Reading certificates: names, serial, validity, issuer checks and fingerprints.
#include <array>
#include <cctype>

#include "OpensslSupport.h"
#include "parque/pki/Pki.h"

namespace parque::pki {

using detail::Ptr;

CertificateInfo inspectCertificate(const std::string& certificatePem) {
    Ptr<X509> cert = detail::readCertificate(certificatePem);
    CertificateInfo info;
    info.subjectCommonName = detail::commonNameOf(X509_get_subject_name(cert.get()));
    info.issuerCommonName = detail::commonNameOf(X509_get_issuer_name(cert.get()));
    info.serialHex = detail::serialHexOf(cert.get());
    info.notBeforeUnix = detail::unixTimeOf(X509_get0_notBefore(cert.get()));
    info.notAfterUnix = detail::unixTimeOf(X509_get0_notAfter(cert.get()));
    return info;
}

bool isSignedBy(const std::string& certificatePem, const std::string& authorityPem) {
    Ptr<X509> cert = detail::readCertificate(certificatePem);
    Ptr<X509> authority = detail::readCertificate(authorityPem);
    if (X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(authority.get())) !=
        0) {
        return false;
    }
    EVP_PKEY* key = X509_get0_pubkey(authority.get());
    const bool verified = key != nullptr && X509_verify(cert.get(), key) == 1;
    detail::clearErrors();
    return verified;
}

std::string fingerprintSha256(const std::string& certificatePem) {
    Ptr<X509> cert = detail::readCertificate(certificatePem);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (X509_digest(cert.get(), EVP_sha256(), digest.data(), &length) != 1 || length != 32) {
        detail::throwPkiError("cannot compute certificate fingerprint");
    }
    static constexpr char hexDigits[] = "0123456789ABCDEF";
    std::string text;
    text.reserve(std::size_t{length} * 3);
    for (unsigned int i = 0; i < length; ++i) {
        if (i != 0) {
            text += ':';
        }
        text += hexDigits[digest[i] >> 4];
        text += hexDigits[digest[i] & 0x0F];
    }
    return text;
}

namespace {

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Lowercase hex digits only; empty when the text is not a 32-byte hex fingerprint.
std::string normalizeFingerprint(std::string_view text) {
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    constexpr std::string_view prefix = "sha256:";
    if (text.size() >= prefix.size()) {
        bool hasPrefix = true;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            hasPrefix = hasPrefix && std::tolower(static_cast<unsigned char>(text[i])) == prefix[i];
        }
        if (hasPrefix) {
            text.remove_prefix(prefix.size());
        }
    }
    std::string digits;
    for (const char c : text) {
        if (c == ':' || isSpace(c)) {
            continue;
        }
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
            return {};
        }
        digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return digits.size() == 64 ? digits : std::string();
}

}  // namespace

bool fingerprintsEqual(std::string_view a, std::string_view b) {
    const std::string left = normalizeFingerprint(a);
    return !left.empty() && left == normalizeFingerprint(b);
}

}  // namespace parque::pki
