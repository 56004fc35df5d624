/**
 * Reference ZFM frames, named, for codec and simulator tests. They are hand-assembled from the
 * ZFM user manual's packet layout (default address FFFFFFFF, password 0) with checksums worked out
 * by hand. GenImg and VfyPwd match the byte arrays hard-coded in many public ZFM/AS608 drivers; the
 * others are not yet captures from our own hardware (extend with recorded traces once a module is on
 * the bench).
 */
function bytes(hexString: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hexString.replace(/\s+/g, ''), 'hex'));
}

export const frames = {
  /** Host → module: GenImg (0x01). */
  genImgCommand: bytes('EF01 FFFFFFFF 01 0003 01 0005'),
  /** Host → module: UpImage (0x0A). */
  upImageCommand: bytes('EF01 FFFFFFFF 01 0003 0A 000E'),
  /** Host → module: ReadSysPara (0x0F). */
  readSysParaCommand: bytes('EF01 FFFFFFFF 01 0003 0F 0013'),
  /** Host → module: VfyPwd (0x13) with the default password 00000000. */
  vfyPwdDefaultCommand: bytes('EF01 FFFFFFFF 01 0007 13 00000000 001B'),
  /** Host → module: Handshake (0x40). */
  handshakeCommand: bytes('EF01 FFFFFFFF 01 0003 40 0044'),
  /** Host → module: GetEcho (0x53). */
  getEchoCommand: bytes('EF01 FFFFFFFF 01 0003 53 0057'),
  /** Module → host: acknowledgement, confirmation 0x00 (OK). */
  ackOk: bytes('EF01 FFFFFFFF 07 0003 00 000A'),
  /** Module → host: acknowledgement, confirmation 0x02 (no finger on the sensor). */
  ackNoFinger: bytes('EF01 FFFFFFFF 07 0003 02 000C'),
  /** Module → host: acknowledgement, confirmation 0x03 (image collection failed). */
  ackImageFail: bytes('EF01 FFFFFFFF 07 0003 03 000D'),
  /** Module → host: acknowledgement, confirmation 0x13 (wrong password). */
  ackWrongPassword: bytes('EF01 FFFFFFFF 07 0003 13 001D'),
  /**
   * Module → host: ReadSysPara answer: status 0, system id 0, library 162, security level 3,
   * address FFFFFFFF, packet size code 2 (128 bytes), baud multiplier 6 (57,600).
   */
  ackSystemParameters: bytes('EF01 FFFFFFFF 07 0013 00 0000 0000 00A2 0003 FFFFFFFF 0002 0006 04C3'),
  /** Module → host: an end-of-data packet (PID 0x08) carrying 12 34. */
  endDataSample: bytes('EF01 FFFFFFFF 08 0004 1234 0052'),
  /** Byte some modules send once at power-on, before any frame. */
  powerOnByte: bytes('55'),
} as const;
