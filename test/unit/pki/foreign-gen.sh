#!/bin/bash
# Generates foreign PKI inputs with openssl (no network) into $1: an RSA-4096 root,
# a P-384 intermediate with many extensions, RSA/P-384/DSA leaves, keys in
# PKCS#8/PKCS#1/SEC1/DER/encrypted forms, bundles, DER files and CRLs.
set -e
cd "$1"
cat > root.cnf <<'C'
[req]
distinguished_name=dn
string_mask=utf8only
[dn]
[v3_root]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always
certificatePolicies=2.5.29.32.0,1.3.6.1.4.1.99999.1.2
[v3_int]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
authorityInfoAccess=caIssuers;URI:http://pki.example.com/root.crt,OCSP;URI:http://ocsp.example.com
crlDistributionPoints=URI:http://pki.example.com/root.crl,URI:ldap://ldap.example.com/cn=root?certificateRevocationList
certificatePolicies=@pol
nameConstraints=critical,permitted;DNS:.example.com,permitted;IP:10.0.0.0/255.0.0.0,permitted;IP:2001:db8::/ffff:ffff::,excluded;email:bad.example.com,excluded;dirName:nc_bad
extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.5.5.7.3.17
[nc_bad]
O=Evil
[nc_dn]
O=Acme
[pol]
policyIdentifier=1.3.6.1.4.1.99999.2
CPS.1="http://pki.example.com/cps"
userNotice.1=@notice
[notice]
explicitText="UTF8 text é"
organization="Acme"
noticeNumbers=1,2
[v3_leaf]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment,nonRepudiation
extendedKeyUsage=serverAuth,clientAuth,ipsecIKE
subjectAltName=DNS:vpn.example.com,DNS:*.example.com,IP:10.1.2.3,IP:2001:db8::1,email:ops@example.com,URI:https://vpn.example.com/,dirName:nc_dn,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com,RID:1.2.3.4
authorityInfoAccess=caIssuers;URI:http://pki.example.com/int.crt
crlDistributionPoints=URI:http://pki.example.com/int.crl
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
1.3.6.1.4.1.99999.9=ASN1:UTF8String:custom ext
[crl_ext]
authorityKeyIdentifier=keyid:always
C
# keys
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out root.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out int.key
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out dsa.param 2>/dev/null
openssl genpkey -paramfile dsa.param -out leafdsa.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leafrsa.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out leafec.key
# root: UTF8 subject with multi-valued RDN + emailAddress, serial with leading 0x00 need (high bit)
openssl req -new -x509 -config root.cnf -extensions v3_root -key root.key -sha384 -days 3650 -utf8 \
  -subj "/C=DE/O=Acme Ünïcødé GmbH/OU=Trust+OU=Services/CN=Acme Root CA ☃/emailAddress=pki@example.com" \
  -set_serial 0x80112233445566778899aabbccddeeff00112233 -out root.pem
# intermediate: PrintableString subject
openssl req -new -config root.cnf -key int.key -subj "/C=US/ST=California/L=San Jose/O=Acme Inc/CN=Acme Issuing CA 1" \
  -out int.csr
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -extfile root.cnf -extensions v3_int \
  -set_serial 0x00ff -days 1825 -sha256 -out int.pem 2>/dev/null
# leaf RSA with BMPString subject
openssl req -new -key leafrsa.key -subj "/CN=vpn.example.com/O=Acme/serialNumber=JN1234/DC=example/DC=com/title=Gateway/GN=Al/SN=Smith/UID=u1" -out leafrsa.csr
openssl x509 -req -in leafrsa.csr -CA int.pem -CAkey int.key -extfile root.cnf -extensions v3_leaf \
  -set_serial 0x7fffffffffffffffffffffffffffffffffffffff -days 365 -sha384 -out leafrsa.pem 2>/dev/null
openssl req -new -key leafec.key -subj "/CN=ec.example.com/O=Acme" -out leafec.csr
openssl x509 -req -in leafec.csr -CA int.pem -CAkey int.key -extfile root.cnf -extensions v3_leaf -set_serial 1 -days 365 -out leafec.pem 2>/dev/null
openssl req -new -key leafdsa.key -subj "/CN=dsa.example.com/O=Acme" -out leafdsa.csr
openssl x509 -req -in leafdsa.csr -CA int.pem -CAkey int.key -extfile root.cnf -extensions v3_leaf -set_serial 2 -days 365 -out leafdsa.pem 2>/dev/null
# BMPString subject (string_mask=pkix encodes non-ASCII as BMPString), self-signed CA
cat > bmp.cnf <<'C'
[req]
distinguished_name=dn
string_mask=pkix
prompt=no
utf8=yes
[dn]
CN=Zertifizierungsstelle Ü
O=Acme
[v3]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
C
openssl req -new -x509 -config bmp.cnf -extensions v3 -key leafrsa.key -out bmp.pem -days 30 2>/dev/null
cat int.pem root.pem leafrsa.pem > bundle-leaf-last.pem
# key formats
openssl pkey -in leafrsa.key -traditional -out leafrsa.pkcs1.key
openssl pkey -in leafec.key -traditional -out leafec.sec1.key 2>/dev/null || openssl ec -in leafec.key -out leafec.sec1.key 2>/dev/null
openssl pkey -in leafdsa.key -traditional -out leafdsa.trad.key
openssl pkcs8 -topk8 -in leafrsa.key -passout pass:secret -out leafrsa.enc.key
openssl rsa -in leafrsa.key -aes128 -passout pass:secret -traditional -out leafrsa.pkcs1enc.key 2>/dev/null
openssl pkey -in leafrsa.key -outform DER -out leafrsa.key.der
(openssl ecparam -name secp384r1; cat leafec.sec1.key) > leafec.withparams.key
openssl ecparam -name secp384r1 -out params-only.key
# bundles, DER, text
openssl x509 -in int.pem -text > int.text.pem
cat leafrsa.pem int.pem root.pem > bundle.pem
(echo "Bag Attributes"; echo "    friendlyName: x"; echo "subject=/CN=x"; cat int.pem) > int.bag.pem
openssl x509 -in int.pem -outform DER -out int.der
openssl x509 -in root.pem -outform DER -out root.der
sed 's/$/\r/' int.pem > int.crlf.pem
# CRL with many entries and reasons
mkdir -p db; : > db/index.txt; echo 1000 > db/crlnumber
cat > ca.cnf <<'C'
[ca]
default_ca=c
[c]
database=db/index.txt
crlnumber=db/crlnumber
default_md=sha256
default_crl_days=30
crl_extensions=crl_ext
[crl_ext]
authorityKeyIdentifier=keyid:always
C
i=0
for r in unspecified keyCompromise CACompromise affiliationChanged superseded cessationOfOperation certificateHold removeFromCRL; do
 i=$((i+1))
 printf 'R\t300101000000Z\t250101000000Z,%s\t%02X%s\tunknown\t/CN=r%d\n' "$r" "$i" "AABBCCDDEEFF00112233445566778899" "$i" >> db/index.txt
done
for j in $(seq 10 60); do printf 'R\t300101000000Z\t250101000000Z\t%04X\tunknown\t/CN=x%d\n' "$j" "$j" >> db/index.txt; done
openssl ca -config ca.cnf -gencrl -keyfile int.key -cert int.pem -out int.crl 2>/dev/null
openssl crl -in int.crl -outform DER -out int.crl.der
openssl ca -config ca.cnf -gencrl -keyfile root.key -cert root.pem -out root.crl 2>/dev/null
# Odd but real certificates: OpenSSL trust settings, v1, Ed25519, RSA-PSS, secp256k1, P-521
openssl x509 -in root.pem -addtrust serverAuth -out trusted.pem
openssl req -x509 -newkey rsa:2048 -nodes -keyout v1.key -subj "/CN=v1 ca" -out v1.pem -days 10 -config /dev/null -set_serial 0 2>/dev/null
openssl genpkey -algorithm ed25519 -out ed.key
openssl req -x509 -key ed.key -subj "/CN=ed ca" -out ed.pem -days 10 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout pss.key -subj "/CN=pss ca" -sigopt rsa_padding_mode:pss -sha256 -out pss.pem -days 10 2>/dev/null
openssl req -x509 -newkey rsa-pss -pkeyopt rsa_keygen_bits:2048 -nodes -keyout psskey.key -subj "/CN=psskey ca" -out psskey.pem -days 10 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp256k1 -nodes -keyout k1.key -subj "/CN=k1" -out k1.pem -days 10 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-521 -nodes -keyout p521.key -subj "/CN=p521" -out p521.pem -days 10 2>/dev/null
openssl x509 -in root.pem -outform DER | head -c 100 > trunc.der
# Chains OpenSSL refuses: past the intermediate's pathlen:0, and a CA whose keyUsage lacks keyCertSign
cat > bad.cnf <<'C'
[sub]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
[nosign]
basicConstraints=critical,CA:TRUE
keyUsage=critical,digitalSignature
[leaf]
basicConstraints=CA:FALSE
C
openssl req -new -key leafec.key -subj "/CN=Sub CA/O=Acme" -out sub.csr
openssl x509 -req -in sub.csr -CA int.pem -CAkey int.key -extfile bad.cnf -extensions sub -set_serial 77 -days 300 -out sub.pem 2>/dev/null
openssl req -new -key leafrsa.key -subj "/CN=deep.example.com/O=Acme" -out deep.csr
openssl x509 -req -in deep.csr -CA sub.pem -CAkey leafec.key -extfile bad.cnf -extensions leaf -set_serial 78 -days 200 -out deep.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout nosign.key -subj "/CN=No Sign CA" -config /dev/null -out nosign.pem -days 30 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature" 2>/dev/null
openssl x509 -req -in deep.csr -CA nosign.pem -CAkey nosign.key -extfile bad.cnf -extensions leaf -set_serial 79 -days 20 -out nosignleaf.pem 2>/dev/null
# A leaf whose SAN breaks the intermediate's name constraints (permitted DNS .example.com)
cat > nc.cnf <<'C'
[leaf]
basicConstraints=CA:FALSE
subjectAltName=DNS:vpn.example.org,IP:10.9.9.9
[leafip]
basicConstraints=CA:FALSE
subjectAltName=DNS:ok.example.com,IP:192.168.1.1
[leafmail]
basicConstraints=CA:FALSE
subjectAltName=DNS:ok.example.com,email:x@bad.example.com
C
for e in leaf leafip leafmail; do
  openssl x509 -req -in deep.csr -CA int.pem -CAkey int.key -extfile nc.cnf -extensions $e -set_serial 9$RANDOM -days 20 -out nc-$e.pem 2>/dev/null
done
