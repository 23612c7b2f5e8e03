// Generated from errors.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
function messagesOf(error) {
    if (error === null || error === undefined)
        return [];
    if (typeof error === 'string')
        return [error];
    if (Array.isArray(error))
        return error.flatMap(messagesOf);
    if (typeof error !== 'object')
        return [String(error)];
    const e = error;
    const body = e.body;
    if (Array.isArray(body))
        return body.flatMap((b) => messagesOf({ body: b }));
    if (body) {
        const out = [];
        for (const p of body.pageErrors ?? [])
            if (p.message)
                out.push(p.message);
        for (const list of Object.values(body.fieldErrors ?? {}))
            for (const f of list)
                if (f.message)
                    out.push(f.message);
        for (const p of body.output?.errors ?? [])
            if (p.message)
                out.push(p.message);
        for (const list of Object.values(body.output?.fieldErrors ?? {}))
            for (const f of list)
                if (f.message)
                    out.push(f.message);
        // The detailed errors say more than the summary (`Bad Request`), which is only the fallback.
        if (out.length > 0)
            return out;
        if (body.message)
            return [body.message];
    }
    if (e.message)
        return [e.message];
    if (e.statusText)
        return [e.statusText];
    return ['Unknown error'];
}
/** Distinct, non-empty messages, in the order they were reported. */
export function reduceErrors(error) {
    return [...new Set(messagesOf(error).filter((m) => m.trim() !== ''))];
}
