#ifndef CBENCH_OPENSSL_SHIM_H
#define CBENCH_OPENSSL_SHIM_H

/* The bare OpenSSL 3 RS256 verify used as the baseline: the fastest correct recipe, which is also
   the library's (Sources/CClerkOpenSSL/shim.h): a prefetched EVP_MD, a reused EVP_PKEY_CTX that is
   verify-initialised once with PKCS#1 v1.5 padding and SHA-256 as the signature digest, and a reused
   EVP_MD_CTX for hashing the signing input. */

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/err.h>
#include <openssl/bn.h>

typedef struct cbench_rs256 {
    EVP_MD *md;
    EVP_PKEY *pkey;
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *mdctx;
} cbench_rs256;

static inline void cbench_rs256_free(cbench_rs256 *c) {
    if (c == NULL) return;
    EVP_MD_CTX_free(c->mdctx);
    EVP_PKEY_CTX_free(c->pctx);
    EVP_PKEY_free(c->pkey);
    EVP_MD_free(c->md);
    OPENSSL_free(c);
}

/* A verifier for the RSA public key (n, e), big-endian bytes. NULL on failure. */
static inline cbench_rs256 *cbench_rs256_new(const unsigned char *n, size_t nlen,
                                             const unsigned char *e, size_t elen) {
    cbench_rs256 *c = OPENSSL_zalloc(sizeof(cbench_rs256));
    BIGNUM *bn_n = BN_bin2bn(n, (int)nlen, NULL);
    BIGNUM *bn_e = BN_bin2bn(e, (int)elen, NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *kctx = NULL;
    int ok = 0;
    if (c == NULL || bn_n == NULL || bn_e == NULL || bld == NULL) goto done;
    if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n)) goto done;
    if (!OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) goto done;
    if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL) goto done;
    if ((kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL) goto done;
    if (EVP_PKEY_fromdata_init(kctx) <= 0) goto done;
    if (EVP_PKEY_fromdata(kctx, &c->pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) goto done;
    if ((c->md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL) goto done;
    if ((c->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, c->pkey, NULL)) == NULL) goto done;
    if ((c->mdctx = EVP_MD_CTX_new()) == NULL) goto done;
    if (EVP_PKEY_verify_init(c->pctx) <= 0) goto done;
    if (EVP_PKEY_CTX_set_rsa_padding(c->pctx, RSA_PKCS1_PADDING) <= 0) goto done;
    if (EVP_PKEY_CTX_set_signature_md(c->pctx, c->md) <= 0) goto done;
    ok = 1;
done:
    EVP_PKEY_CTX_free(kctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    if (!ok) { cbench_rs256_free(c); c = NULL; }
    ERR_clear_error();
    return c;
}

/* 1 when sig is a valid RS256 signature of msg; 0 otherwise (error queue cleared). Not thread-safe. */
static inline int cbench_rs256_verify(cbench_rs256 *c, const unsigned char *msg, size_t msglen,
                                      const unsigned char *sig, size_t siglen) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_DigestInit_ex2(c->mdctx, c->md, NULL) != 1
        || EVP_DigestUpdate(c->mdctx, msg, msglen) != 1
        || EVP_DigestFinal_ex(c->mdctx, digest, &dlen) != 1) {
        ERR_clear_error();
        return 0;
    }
    if (EVP_PKEY_verify(c->pctx, sig, siglen, digest, dlen) != 1) {
        ERR_clear_error();
        return 0;
    }
    return 1;
}

#endif
