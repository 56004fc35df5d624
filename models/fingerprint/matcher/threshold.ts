/**
 * Decision thresholds for compareTemplates scores (accept when score >= threshold), and the
 * false match rate they are calibrated at.
 *
 * Calibrated with `npm run eval:fingerprint` on the three development sets pooled (FVC2002 DB1 B,
 * FVC2000 DB1 B and DB2 B: three sensors, 840 genuine and 8,640 cross-finger impostor
 * comparisons): the lowest threshold whose pooled impostor acceptance is <= CALIBRATION_FMR.
 * One threshold for every sensor (per-sensor thresholds would not survive a sensor never seen).
 * The sets are small: one impostor more or less moves the pooled FMR by 0.012 %, so the true FMR
 * is only roughly known. Recalibrate on station captures against chip DG3 images before
 * production, and whenever the extractor or the matcher changes.
 */

/** The false match rate the thresholds are calibrated at (0.1 %, BSI TR-03121 verification). */
export const CALIBRATION_FMR = 0.001;

/** Single finger: pooled FMR 0.09 % (8 of 8,640 impostors), pooled FNMR 4.0 % (34 of 840). */
export const FINGERPRINT_MATCH_THRESHOLD = 0.0197;

/**
 * Threshold for fuseScores(scores, 'mean') over two fingers, calibrated the same way on the
 * pooled two-finger virtual subjects (1,920 fused impostor comparisons, so 0.1 % is about two
 * impostors: coarse; one accepted, FNMR 2 of 420). Under the mean rule a missing finger counts as 0.
 */
export const FUSED_MEAN_MATCH_THRESHOLD = 0.0134;
