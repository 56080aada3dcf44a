// The PKI shared by the agent and the collector: EC P-256 keys, certificate signing requests, a
// private certificate authority, server and device certificates, and certificate fingerprints.
// Everything is exchanged as PEM text. Every failure (malformed or hostile input, wrong key type,
// OpenSSL error) throws PkiError, whose message includes OpenSSL's own error string when there is
// one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parque::pki {

class PkiError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// Limits on PEM input. Larger input is rejected before it reaches OpenSSL.
constexpr std::size_t maxCsrPemBytes = std::size_t{16} * 1024;
constexpr std::size_t maxKeyPemBytes = std::size_t{16} * 1024;
constexpr std::size_t maxCertificatePemBytes = std::size_t{64} * 1024;
// Limits on names and lifetimes accepted when issuing.
constexpr std::size_t maxCommonNameBytes = 64;  // RFC 5280 ub-common-name
constexpr int maxValidDays = 36500;

// A new EC P-256 private key, as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY").
std::string generateKeyPem();
// The SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") of an unencrypted private key.
std::string publicKeyPem(const std::string& privateKeyPem);
// A PKCS#10 request with subject CN=commonName, signed with SHA-256. The key must be EC P-256.
std::string createCsrPem(const std::string& privateKeyPem, const std::string& commonName);

struct CsrInfo {
    std::string commonName;  // empty when the subject has no CN
    std::string publicKeyPem;
};
// Parses a CSR (at most maxCsrPemBytes), checks its self-signature (ECDSA with SHA-256/384/512),
// and accepts only named-curve EC P-256 keys.
CsrInfo verifyCsr(const std::string& csrPem);

struct Authority {
    std::string certificatePem;
    std::string privateKeyPem;
};
// A new self-signed CA (P-256, SHA-256): basicConstraints critical CA:TRUE pathlen:0, keyUsage
// critical keyCertSign+cRLSign, subjectKeyIdentifier, random 128-bit positive serial.
Authority createAuthority(const std::string& commonName, int validDays);

struct ServerIdentity {
    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses;  // IPv4 or IPv6 text
};
// A TLS server certificate for the key, issued by `ca`: EKU serverAuth, keyUsage critical
// digitalSignature, SAN from `san` (at least one entry required), authority and subject key ids.
std::string issueServerCertificate(const Authority& ca, const std::string& serverPrivateKeyPem,
                                   const std::string& commonName, const ServerIdentity& san,
                                   int validDays);

struct Issued {
    std::string certificatePem;
    std::string serialHex;  // as inspectCertificate() reports it
    std::int64_t notAfterUnix;
};
// Verifies the CSR (see verifyCsr) and issues a client certificate for its key with subject
// CN=deviceId (the CSR's subject is ignored): EKU clientAuth, keyUsage critical digitalSignature,
// random serial, notBefore = now - 5 minutes, notAfter = now + validDays.
Issued signDeviceCertificate(const Authority& ca, const std::string& csrPem,
                             const std::string& deviceId, int validDays);

struct CertificateInfo {
    std::string subjectCommonName;  // empty when absent
    std::string issuerCommonName;   // empty when absent
    std::string serialHex;          // lowercase hex, no leading zeros ("0" for zero)
    std::int64_t notBeforeUnix;
    std::int64_t notAfterUnix;
};
CertificateInfo inspectCertificate(const std::string& certificatePem);

// True when the certificate's issuer name equals the authority's subject name and the
// certificate's signature verifies with the authority's public key. Throws on unparsable PEM.
bool isSignedBy(const std::string& certificatePem, const std::string& authorityPem);

// SHA-256 of the certificate's DER, as uppercase hex pairs joined by ':' ("AB:01:...").
std::string fingerprintSha256(const std::string& certificatePem);
// Compares two SHA-256 fingerprints ignoring case, ':' and whitespace, and an optional
// "sha256:" prefix (any case). False when either is not exactly 32 bytes of hex.
bool fingerprintsEqual(std::string_view a, std::string_view b);

}  // namespace parque::pki
