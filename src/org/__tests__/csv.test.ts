import { CsvFormatError, parseCsvRecords, parseCsvRows } from '../csv';

describe('parseCsvRows (Bulk API 2.0 result pages)', () => {
    it('reads quoted cells with commas, doubled quotes and line breaks', () => {
        const text = '"Id","Name","Description"\n"006A","Acme, Inc.","said ""yes""\nthen left"\n';
        expect(parseCsvRows(text)).toEqual([
            ['Id', 'Name', 'Description'],
            ['006A', 'Acme, Inc.', 'said "yes"\nthen left']
        ]);
    });

    it('reads unquoted and empty cells, CRLF line ends and a missing final newline', () => {
        expect(parseCsvRows('a,b,c\r\n1,,3\r\n,,\r\nx,y,')).toEqual([
            ['a', 'b', 'c'],
            ['1', '', '3'],
            ['', '', ''],
            ['x', 'y', '']
        ]);
    });

    it('rejects an unterminated quote and text after a closing quote', () => {
        expect(() => parseCsvRows('"a,b\n')).toThrow(CsvFormatError);
        expect(() => parseCsvRows('"a"b,c\n')).toThrow(/line 1: text after a closing quote/);
    });
});

describe('parseCsvRecords', () => {
    it('keys cells by header, including parent paths such as Owner.Name', () => {
        expect(parseCsvRecords('"Id","Owner.Name"\n"006A","Ada"\n"006B",""\n')).toEqual([
            { Id: '006A', 'Owner.Name': 'Ada' },
            { Id: '006B', 'Owner.Name': '' }
        ]);
        expect(parseCsvRecords('')).toEqual([]);
    });

    it('names the line whose cell count differs from the header', () => {
        expect(() => parseCsvRecords('a,b\n1,2\n3\n')).toThrow(
            'line 3: the row has 1 cells, the header has 2'
        );
    });
});
