#ifndef CCLERK_OPENSSL_SHIM_H
#define CCLERK_OPENSSL_SHIM_H

#include <openssl/opensslv.h>

#if !defined(OPENSSL_VERSION_NUMBER) || OPENSSL_VERSION_NUMBER < 0x30000000L
#error "swift-clerk-session needs OpenSSL 3.0 or newer (libcrypto). Install it: apt-get install libssl-dev | yum install openssl-devel | brew install openssl@3"
#endif

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rsa.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <string.h>

/* Macros and functions that do not import into Swift as they are. */

/* Initialises libcrypto without the atexit handler that would tear it down while other threads may still use
   it (OPENSSL_cleanup frees global locks a thread can be holding: a crash at exit). The first initialisation in
   the process decides; OpenSSLRuntime.prepare() runs this before the library's first OpenSSL call. */
static inline int cclerk_init_without_atexit(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

static inline int cclerk_BN_num_bytes(const BIGNUM *bn) { return BN_num_bytes(bn); }

static inline void cclerk_OPENSSL_free(void *ptr) { OPENSSL_free(ptr); }

/* RSA_PKCS1_PADDING through EVP_PKEY_CTX_set_rsa_padding (a function in 3.x; kept here for clarity). */
static inline int cclerk_set_pkcs1_padding(EVP_PKEY_CTX *ctx) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
}

static inline int cclerk_set_keygen_bits(EVP_PKEY_CTX *ctx, int bits) {
    return EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits);
}

static inline unsigned long cclerk_version_number(void) { return OPENSSL_VERSION_NUMBER; }

static inline int cclerk_pkey_is_rsa(const EVP_PKEY *pkey) {
    return EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA;
}

/* Builds an RSA public EVP_PKEY from big-endian n and e (OpenSSL 3 fromdata API). NULL on failure. */
static inline EVP_PKEY *cclerk_rsa_public_from_ne_unmarked(const unsigned char *n, size_t nlen,
                                                  const unsigned char *e, size_t elen) {
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL);
    BIGNUM *bn_e = BN_bin2bn(e, (int)elen, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (bn_n == NULL || bn_e == NULL || bld == NULL) goto done;
    if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n)) goto done;
    if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) goto done;
    params = OSSL_PARAM_BLD_to_param(bld);
    if (params == NULL) goto done;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (ctx == NULL) goto done;
    if (EVP_PKEY_fromdata_init(ctx) <= 0 || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
        pkey = NULL;
    }
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    return pkey;
}

/* DER SubjectPublicKeyInfo -> EVP_PKEY; the whole input must be consumed. */
static inline EVP_PKEY *cclerk_pkey_from_spki_der_unmarked(const unsigned char *der, size_t len) {
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)len);
    if (pkey != NULL && p != der + len) { EVP_PKEY_free(pkey); return NULL; }
    return pkey;
}

/* DER PKCS#1 RSAPublicKey -> EVP_PKEY; the whole input must be consumed. */
static inline EVP_PKEY *cclerk_pkey_from_pkcs1_der_unmarked(const unsigned char *der, size_t len) {
    const unsigned char *p = der;
    EVP_PKEY *pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
    if (pkey != NULL && p != der + len) { EVP_PKEY_free(pkey); return NULL; }
    return pkey;
}

/* Copies the big-endian bytes of the RSA parameter `name` ("n" or "e"). Returns the length, or -1. */
static inline int cclerk_rsa_param_bytes_unmarked(const EVP_PKEY *pkey, const char *name, unsigned char *out, size_t cap) {
    BIGNUM *bn = NULL;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1 || bn == NULL) return -1;
    int len = BN_num_bytes(bn);
    if (len < 0 || (size_t)len > cap) { BN_free(bn); return -1; }
    int written = BN_bn2bin(bn, out);
    BN_free(bn);
    return written;
}

/* A verification context for one key: a verify-initialised EVP_PKEY_CTX (PKCS#1 v1.5, SHA-256) and a
   digest context. Not thread-safe: one user at a time (the Swift side pools them). */
typedef struct cclerk_rs256_ctx {
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *mdctx;
} cclerk_rs256_ctx;

static inline void cclerk_rs256_ctx_free(cclerk_rs256_ctx *c) {
    if (c == NULL) return;
    EVP_PKEY_CTX_free(c->pctx);
    EVP_MD_CTX_free(c->mdctx);
    OPENSSL_free(c);
}

static inline cclerk_rs256_ctx *cclerk_rs256_ctx_new_unmarked(EVP_PKEY *pkey, const EVP_MD *md) {
    cclerk_rs256_ctx *c = OPENSSL_zalloc(sizeof(cclerk_rs256_ctx));
    if (c == NULL) return NULL;
    c->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    c->mdctx = EVP_MD_CTX_new();
    if (c->pctx == NULL || c->mdctx == NULL
        || EVP_PKEY_verify_init(c->pctx) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(c->pctx, RSA_PKCS1_PADDING) <= 0
        || EVP_PKEY_CTX_set_signature_md(c->pctx, md) <= 0) {
        cclerk_rs256_ctx_free(c);
        return NULL;
    }
    return c;
}

/* ---- Error-queue hygiene: key decoding, parameter reads and context set-up leave nothing behind. ----
   Each wrapper sets a mark on this thread's error queue and pops back to it, on success as on failure,
   so entries OpenSSL pushes while trying decoders or reading parameters never reach the next call on
   the thread, and entries the caller already had are kept. */

static inline EVP_PKEY *cclerk_rsa_public_from_ne(const unsigned char *n, size_t nlen,
                                                  const unsigned char *e, size_t elen) {
    ERR_set_mark();
    EVP_PKEY *pkey = cclerk_rsa_public_from_ne_unmarked(n, nlen, e, elen);
    ERR_pop_to_mark();
    return pkey;
}

static inline EVP_PKEY *cclerk_pkey_from_spki_der(const unsigned char *der, size_t len) {
    ERR_set_mark();
    EVP_PKEY *pkey = cclerk_pkey_from_spki_der_unmarked(der, len);
    ERR_pop_to_mark();
    return pkey;
}

static inline EVP_PKEY *cclerk_pkey_from_pkcs1_der(const unsigned char *der, size_t len) {
    ERR_set_mark();
    EVP_PKEY *pkey = cclerk_pkey_from_pkcs1_der_unmarked(der, len);
    ERR_pop_to_mark();
    return pkey;
}

static inline int cclerk_rsa_param_bytes(const EVP_PKEY *pkey, const char *name, unsigned char *out, size_t cap) {
    ERR_set_mark();
    int written = cclerk_rsa_param_bytes_unmarked(pkey, name, out, cap);
    ERR_pop_to_mark();
    return written;
}

static inline cclerk_rs256_ctx *cclerk_rs256_ctx_new(EVP_PKEY *pkey, const EVP_MD *md) {
    ERR_set_mark();
    cclerk_rs256_ctx *c = cclerk_rs256_ctx_new_unmarked(pkey, md);
    ERR_pop_to_mark();
    return c;
}

/* For tests of the above: the oldest and newest entries of this thread's error queue (0: none), a clear,
   and a way to push a known entry (ERR_LIB_USER, reason 42). */
static inline unsigned long cclerk_peek_first_error(void) { return ERR_peek_error(); }
static inline unsigned long cclerk_peek_last_error(void) { return ERR_peek_last_error(); }
static inline void cclerk_clear_errors(void) { ERR_clear_error(); }
static inline void cclerk_push_test_error(void) { ERR_raise(ERR_LIB_USER, 42); }

/* 1: valid; 0: invalid; the error queue is cleared on every failure. */
static inline int cclerk_rs256_verify(cclerk_rs256_ctx *c, const EVP_MD *md,
                                      const unsigned char *msg, size_t msglen,
                                      const unsigned char *sig, size_t siglen) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_DigestInit_ex2(c->mdctx, md, NULL) != 1
        || EVP_DigestUpdate(c->mdctx, msg, msglen) != 1
        || EVP_DigestFinal_ex(c->mdctx, digest, &dlen) != 1
        || dlen != 32) {
        ERR_clear_error();
        return 0;
    }
    int r = EVP_PKEY_verify(c->pctx, sig, siglen, digest, dlen);
    if (r != 1) { ERR_clear_error(); return 0; }
    return 1;
}

/* SHA-1 of data into out[20] (Clerk's cookie suffix). 1 on success. */
static inline int cclerk_sha1(const unsigned char *data, size_t len, unsigned char *out) {
    unsigned int outlen = 0;
    ERR_set_mark();
    int ok = EVP_Digest(data, len, out, &outlen, EVP_sha1(), NULL);
    ERR_pop_to_mark();
    return ok == 1 && outlen == 20;
}

/* SHA-256 of a short input with a context on the stack: no allocation (the EVP one-shots allocate a
   context per call). For the machine-token cache key only. The low-level interface is deprecated in
   OpenSSL 3 but present in every 3.x build; 1 on success, 0 otherwise. `out` holds 32 bytes. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline int cclerk_sha256(const unsigned char *data, size_t len, unsigned char *out) {
    SHA256_CTX ctx;
    if (SHA256_Init(&ctx) != 1) return 0;
    if (SHA256_Update(&ctx, data, len) != 1) return 0;
    int ok = SHA256_Final(out, &ctx);
    OPENSSL_cleanse(&ctx, sizeof(ctx));
    return ok == 1;
}
#pragma clang diagnostic pop

/* HMAC-SHA256 (webhook signatures), one shot through OpenSSL 3's EVP_Q_mac; 1 on success, 0 otherwise.
   `out` holds 32 bytes. The key may be empty only in theory: callers refuse empty secrets first. */
static inline int cclerk_hmac_sha256(const unsigned char *key, size_t keylen, const unsigned char *data, size_t len,
                                     unsigned char *out) {
    size_t outlen = 0;
    static const unsigned char empty = 0;
    ERR_set_mark();
    unsigned char *r = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key != NULL ? key : &empty, keylen,
                                 data != NULL ? data : &empty, len, out, 32, &outlen);
    ERR_pop_to_mark();
    return r != NULL && outlen == 32;
}

/* ---- Signing and key generation: used by ClerkTesting (test issuer) only. ---- */

/* Generates an RSA private key with the given size and public exponent. NULL on failure. */
static inline EVP_PKEY *cclerk_rsa_generate(int bits, unsigned long exponent) {
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    BIGNUM *e = BN_new();
    if (ctx == NULL || e == NULL || BN_set_word(e, exponent) != 1) goto done;
    if (EVP_PKEY_keygen_init(ctx) <= 0) goto done;
    if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0) goto done;
    if (EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) <= 0) goto done;
    if (EVP_PKEY_generate(ctx, &pkey) <= 0) pkey = NULL;
done:
    BN_free(e);
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return pkey;
}

/* mode 0: PKCS#1 v1.5; mode 1: PSS (salt = digest length). digest: "SHA256", "SHA384", "SHA1", ...
   Returns the signature length, or -1. */
static inline int cclerk_rsa_sign(EVP_PKEY *pkey, const char *digest, int mode,
                                  const unsigned char *msg, size_t msglen,
                                  unsigned char *sig, size_t sigcap) {
    int result = -1;
    EVP_MD *md = EVP_MD_fetch(NULL, digest, NULL);
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    size_t siglen = sigcap;
    if (md == NULL || mctx == NULL) goto done;
    if (EVP_DigestSignInit(mctx, &pctx, md, NULL, pkey) != 1) goto done;
    if (mode == 1) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0) goto done;
        if (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0) goto done;
    }
    if (EVP_DigestSign(mctx, sig, &siglen, msg, msglen) != 1) goto done;
    result = (int)siglen;
done:
    EVP_MD_CTX_free(mctx);
    EVP_MD_free(md);
    ERR_clear_error();
    return result;
}

/* Raw RSA private operation without padding (for crafting hostile signatures in tests). */
static inline int cclerk_rsa_raw_private(EVP_PKEY *pkey, const unsigned char *in, size_t inlen,
                                         unsigned char *out, size_t outcap) {
    int result = -1;
    size_t outlen = outcap;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (ctx == NULL) goto done;
    if (EVP_PKEY_sign_init(ctx) <= 0) goto done;
    if (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) <= 0) goto done;
    if (EVP_PKEY_sign(ctx, out, &outlen, in, inlen) <= 0) goto done;
    result = (int)outlen;
done:
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return result;
}

/* PEM of the public key (SPKI, "BEGIN PUBLIC KEY") or PKCS#1 ("BEGIN RSA PUBLIC KEY") into out. */
static inline int cclerk_public_pem(EVP_PKEY *pkey, int pkcs1, char *out, size_t cap) {
    int result = -1;
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    long len;
    if (bio == NULL) return -1;
    if (pkcs1) {
        unsigned char *der = NULL;
        int dlen = i2d_PublicKey(pkey, &der);
        if (dlen <= 0) goto done;
        int ok = PEM_write_bio(bio, "RSA PUBLIC KEY", "", der, dlen);
        OPENSSL_free(der);
        if (ok <= 0) goto done;
    } else if (PEM_write_bio_PUBKEY(bio, pkey) != 1) {
        goto done;
    }
    len = BIO_get_mem_data(bio, &data);
    if (len < 0 || (size_t)len > cap) goto done;
    memcpy(out, data, (size_t)len);
    result = (int)len;
done:
    BIO_free(bio);
    ERR_clear_error();
    return result;
}

#endif
