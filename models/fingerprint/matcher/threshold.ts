/**
 * Decision thresholds for compareTemplates scores (accept when score >= threshold).
 *
 * Calibrated with `node --import tsx scripts/eval-fingerprint.ts --set fvc2002_db1_b`
 * on FVC2002 DB1 set B (80 images, 280 genuine and all 2,880 cross-finger impostor
 * comparisons): just above the third-highest impostor score, i.e. the lowest value whose
 * impostor acceptance rate is <= 0.1 % (2 of 2,880 = 0.07 % accepted; FNMR 5.7 %).
 * The development set is tiny: one impostor more or less moves the FMR by 0.035 %, so
 * the true FMR at this threshold is only roughly known. Recalibrate on a larger,
 * station-representative set (live captures against chip DG3 images) before
 * production, and whenever the extractor or the matcher changes.
 */
export const FINGERPRINT_MATCH_THRESHOLD = 0.0279;

/**
 * Threshold for fuseScores(scores, 'mean') over two fingers. The dev set cannot resolve
 * 0.1 % on fused impostors (640 chimeric pairs: none reached 0.028), so the single-finger
 * value is reused: mean >= t implies max >= t, hence the fused FMR is at most the sum of
 * the per-finger FMRs (<= 0.2 %) and in practice far lower, because both fingers of an
 * impostor must score high together.
 */
export const FUSED_MEAN_MATCH_THRESHOLD = FINGERPRINT_MATCH_THRESHOLD;

/** The false match rate the thresholds are calibrated at (0.1 %, BSI TR-03121 verification). */
export const CALIBRATION_FMR = 0.001;
