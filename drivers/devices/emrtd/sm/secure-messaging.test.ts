import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResponseApdu } from '../../iso7816/apdu';
import { fromHex, hex } from '../tlv/asn1';
import { SecureMessaging, type SecureMessagingError } from './secure-messaging';

const KS_ENC = fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');

describe('secure messaging, 3DES (ICAO 9303-11 App. D.4)', () => {
  it('wraps and unwraps SELECT EF.COM and two READ BINARY, byte for byte, with the SSC', () => {
    const sm = new SecureMessaging('3des', KS_ENC, KS_MAC, fromHex('887022120C06C226'));
    assert.equal(
      hex(sm.wrapCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') })),
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
    );
    const r1 = sm.unwrapResponse(parseResponseApdu(fromHex('990290008E08FA855A5D4C50A8ED9000')));
    assert.equal(r1.sw, 0x9000);
    assert.equal(r1.data.length, 0);
    assert.equal(
      hex(sm.wrapCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 })),
      '0CB000000D9701048E08ED6705417E96BA5500',
    );
    const r2 = sm.unwrapResponse(
      parseResponseApdu(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000')),
    );
    assert.equal(hex(r2.data), '60145F01');
    assert.equal(
      hex(sm.wrapCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 4, ne: 0x12 })),
      '0CB000040D9701128E082EA28A70F3C7B53500',
    );
    const r3 = sm.unwrapResponse(
      parseResponseApdu(
        fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'),
      ),
    );
    assert.equal(hex(r3.data), '04303130365F36063034303030305C026175');
    assert.equal(hex(sm.sendSequenceCounter), '887022120C06C22C');
  });

  it('rejects a response whose MAC was altered, and reports a dead session (6987)', () => {
    const sm = new SecureMessaging('3des', KS_ENC, KS_MAC, fromHex('887022120C06C227'));
    assert.throws(
      () => sm.unwrapResponse(parseResponseApdu(fromHex('990290008E08FA855A5D4C50A8EE9000'))),
      (e: SecureMessagingError) => e.code === 'BAD_MAC',
    );
    assert.throws(
      () => sm.unwrapResponse(parseResponseApdu(fromHex('6987'))),
      (e: SecureMessagingError) => e.code === 'SESSION_LOST' && e.sw === 0x6987,
    );
  });

  it('chip side mirrors the terminal: unwrapCommand/wrapResponse reproduce D.4', () => {
    const chip = new SecureMessaging('3des', KS_ENC, KS_MAC, fromHex('887022120C06C226'));
    const command = chip.unwrapCommand(fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'));
    assert.deepEqual([command.cla, command.ins, command.p1, command.p2], [0, 0xa4, 2, 0x0c]);
    assert.equal(hex(command.data!), '011E');
    assert.equal(
      hex(chip.wrapResponse({ data: new Uint8Array(0), sw: 0x9000 })),
      '990290008E08FA855A5D4C50A8ED9000',
    );
    const read = chip.unwrapCommand(fromHex('0CB000000D9701048E08ED6705417E96BA5500'));
    assert.equal(read.ne, 4);
    assert.equal(
      hex(chip.wrapResponse({ data: fromHex('60145F01'), sw: 0x9000 })),
      '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000',
    );
  });
});

describe('secure messaging, AES (captures from real documents, gmrtd)', () => {
  it('wraps MSE:Set AT for CA with AES-128 (no Le)', () => {
    const sm = new SecureMessaging(
      'aes',
      fromHex('cc86415f2ed7e8fd663b754265695ae1'),
      fromHex('581e84b8ee06c4d3eee30461498d7fb3'),
      fromHex('000000000000000000000000000000ba'),
    );
    assert.equal(
      hex(
        sm.wrapCommand({
          cla: 0,
          ins: 0x22,
          p1: 0x41,
          p2: 0xa4,
          data: fromHex('800a04007f000702020302028401c3'),
        }),
      ),
      '0C2241A41D871101980953D37F67558690045D78A853B18A8E08929767A2CEF172E200',
    );
    assert.equal(hex(sm.sendSequenceCounter), '000000000000000000000000000000BB');
  });

  it('unwraps a 223-byte READ BINARY response with AES-128', () => {
    const sm = new SecureMessaging(
      'aes',
      fromHex('a8e85e938514ec67ae33cda3d43d3c48'),
      fromHex('27f1adeb705a049a305b0c619b14b9b3'),
      fromHex('0000000000000000000000000000000b'),
    );
    const response = fromHex(
      '8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e00485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7fc54fb46133f184febbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd84244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e04a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5dee8589c38b227ca4cb35810060a7cc76403e990290008e083eb47ef4fa82afc99000',
    );
    const plain = sm.unwrapResponse(parseResponseApdu(response));
    assert.equal(plain.sw, 0x9000);
    assert.equal(
      hex(plain.data),
      'a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826043004a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c110461041d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c53150231008cb91e82a3'.toUpperCase(),
    );
    assert.equal(plain.data.length, 223);
    assert.equal(hex(sm.sendSequenceCounter), '0000000000000000000000000000000C');
  });

  it('decrypts a DO87 with AES-256 (EF.COM of a real document)', () => {
    const sm = new SecureMessaging(
      'aes',
      fromHex('74b94f408bbb2cd92571fd5b6370a94cce7a2fa42ae3eb4da47b97ce6eaa24c6'),
      fromHex('9e28d5d9ff1d979be752e8926bf0e1d35a440fc0aefc4aa3bc5610055ac8b113'),
      fromHex('00000000000000000000000000000026'),
    );
    assert.equal(
      hex(
        sm.decryptDataObject87(fromHex('0142e919c115faf69350b01813d77a9e8d91912a7f717afd073f199070e61b79c6')),
      ),
      '04303130385F36063034303030305C06617563766D6E',
    );
  });

  it('round-trips extended-length and odd-INS commands between terminal and chip (AES-256)', () => {
    const key = fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    const terminal = new SecureMessaging('aes', key, key);
    const chip = new SecureMessaging('aes', key, key);
    const big = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const wrapped = terminal.wrapCommand({ cla: 0, ins: 0x2a, p1: 0, p2: 0xbe, data: big });
    const seen = chip.unwrapCommand(wrapped);
    assert.equal(hex(seen.data!), hex(big));
    const odd = chip.unwrapCommand(
      terminal.wrapCommand({ cla: 0, ins: 0xb1, p1: 0, p2: 0, data: fromHex('5403008000'), ne: 1000 }),
    );
    assert.equal(odd.ne, 1000);
    assert.equal(hex(odd.data!), '5403008000');
    const back = terminal.unwrapResponse(
      parseResponseApdu(chip.wrapResponse({ data: big, sw: 0x9000 }, 0xb1)),
    );
    assert.equal(hex(back.data), hex(big));
  });
});
