// Payroll CSV cells never carry a formula: a text a spreadsheet would run is neutralised, numbers stay numbers.
import { csvField } from '../model';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', "'+1+1"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ['-1+1', "'-1+1"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['-12.50', '-12.50'],
    ['1250.00', '1250.00'],
    ['C101', 'C101'],
    ['a,b', '"a,b"'],
  ])('%j is written as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('writes null as an empty field', () => {
    expect(csvField(null)).toBe('');
  });
});
