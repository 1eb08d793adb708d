-- Honour certificates' public verification codes join the code → village index of V39 (issue 16, docs/citus.md).
-- /verify/{code} answers for reference certificates and honour certificates (流动红旗, 星级党员 …) alike; an honour's
-- code was looked up in honour by verify_code alone, which on a Citus cluster runs on every shard. With its village
-- found first in certificate_code (a reference table there), the look-up reads one shard. Codes are 128 random bits
-- (Honours.code()), so an honour's never meets a certificate's. Written with the honour from now on.
INSERT INTO certificate_code (code, village_id)
SELECT verify_code, village_id FROM honour WHERE verify_code IS NOT NULL;
