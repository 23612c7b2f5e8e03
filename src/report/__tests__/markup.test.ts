import { html, inlineScript, isMarkup, join, jsonScript, render } from '../markup';

describe('html, the tagged template', () => {
    it('escapes every interpolated string and number, and keeps its own literal markup', () => {
        const name = `<img src=x onerror=alert(1)> "&'`;
        expect(render(html`<td class="x">${name}</td>`)).toBe(
            '<td class="x">&lt;img src=x onerror=alert(1)&gt; &quot;&amp;&#39;</td>'
        );
        expect(render(html`<td>${1250}</td>`)).toBe('<td>1250</td>');
    });

    it('places markup it made as it is, once, and lists item by item', () => {
        const cell = html`<strong>${'a<b'}</strong>`;
        expect(render(html`<td>${cell}</td>`)).toBe('<td><strong>a&lt;b</strong></td>');
        expect(render(html`<ul>${['<1>', html`<li>2</li>`, null, undefined]}</ul>`)).toBe(
            '<ul>&lt;1&gt;<li>2</li></ul>'
        );
        expect(render(join([html`<b>1</b>`, '<2>'], ' · '))).toBe('<b>1</b> · &lt;2&gt;');
    });

    it('does not take an object that only looks like markup', () => {
        const forged = { html: '<script>x()</script>', toString: () => '<script>x()</script>' };
        expect(isMarkup(forged)).toBe(false);
        // A forged value cannot even be passed without a cast; if it is, it is escaped text.
        expect(render(html`${forged as unknown as string}`)).toBe('&lt;script&gt;x()&lt;/script&gt;');
    });

    it('embeds JSON and code so that nothing in them can end their script element', () => {
        const data = render(jsonScript('d', { name: '</script><!--' }));
        expect(data).toBe(
            '<script type="application/json" id="d">{"name":"\\u003c/script\\u003e\\u003c!--"}</script>'
        );
        expect(render(inlineScript('var s = "</SCRIPT>";'))).toBe('<script>var s = "<\\/SCRIPT>";</script>');
    });
});
