// Keys and certificate signing requests.
#include <openssl/pem.h>

#include "OpensslSupport.h"
#include "parque/pki/Pki.h"

namespace parque::pki {

using detail::Ptr;

std::string generateKeyPem() {
    Ptr<EVP_PKEY> key = detail::generateP256();
    return detail::privateKeyToPem(key.get());
}

std::string publicKeyPem(const std::string& privateKeyPem) {
    Ptr<EVP_PKEY> key = detail::readPrivateKey(privateKeyPem);
    return detail::publicKeyToPem(key.get());
}

std::string createCsrPem(const std::string& privateKeyPem, const std::string& commonName) {
    Ptr<EVP_PKEY> key = detail::readPrivateKey(privateKeyPem);
    if (!detail::isP256(key.get())) {
        throw PkiError("CSR key must be EC P-256");
    }
    Ptr<X509_REQ> request(X509_REQ_new());
    if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1) {
        detail::throwPkiError("cannot create CSR");
    }
    detail::addCommonName(X509_REQ_get_subject_name(request.get()), commonName);
    if (X509_REQ_set_pubkey(request.get(), key.get()) != 1) {
        detail::throwPkiError("cannot set CSR public key");
    }
    if (X509_REQ_sign(request.get(), key.get(), EVP_sha256()) <= 0) {
        detail::throwPkiError("cannot sign CSR");
    }
    Ptr<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1) {
        detail::throwPkiError("cannot write CSR PEM");
    }
    return detail::drainBio(bio.get());
}

namespace detail {

namespace {

bool isAcceptedSignature(int nid) {
    return nid == NID_ecdsa_with_SHA256 || nid == NID_ecdsa_with_SHA384 ||
           nid == NID_ecdsa_with_SHA512;
}

}  // namespace

Ptr<X509_REQ> readVerifiedCsr(const std::string& pem) {
    Ptr<BIO> bio = readOnlyBio(pem, maxCsrPemBytes, "CSR PEM");
    Ptr<X509_REQ> request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!request) {
        throwPkiError("not a PEM certificate signing request");
    }
    if (X509_REQ_get_version(request.get()) != X509_REQ_VERSION_1) {
        throw PkiError("CSR has an unsupported version");
    }
    EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
    if (key == nullptr) {
        throwPkiError("CSR public key cannot be decoded");
    }
    if (!isP256(key)) {
        const char* type = EVP_PKEY_get0_type_name(key);
        throw PkiError(std::string("CSR key must be EC P-256, got ") +
                       (type != nullptr ? type : "an unknown key type"));
    }
    if (!isAcceptedSignature(X509_REQ_get_signature_nid(request.get()))) {
        throw PkiError("CSR signature algorithm must be ECDSA with SHA-256, SHA-384 or SHA-512");
    }
    if (X509_REQ_verify(request.get(), key) != 1) {
        throwPkiError("CSR signature does not verify");
    }
    clearErrors();
    return request;
}

}  // namespace detail

CsrInfo verifyCsr(const std::string& csrPem) {
    Ptr<X509_REQ> request = detail::readVerifiedCsr(csrPem);
    CsrInfo info;
    info.commonName = detail::commonNameOf(X509_REQ_get_subject_name(request.get()));
    info.publicKeyPem = detail::publicKeyToPem(X509_REQ_get0_pubkey(request.get()));
    return info;
}

}  // namespace parque::pki
