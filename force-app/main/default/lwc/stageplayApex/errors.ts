/**
 * Turns whatever a wire, an Apex call or Lightning Data Service reports as an error into messages a
 * user can read. Salesforce errors arrive in several shapes (`body.message`, `body.pageErrors`,
 * `body.fieldErrors`, arrays of those, plain `Error`s), and a raw `[object Object]` helps nobody.
 */
interface ErrorBody {
    message?: string;
    pageErrors?: Array<{ message?: string }>;
    fieldErrors?: Record<string, Array<{ message?: string }>>;
    output?: {
        errors?: Array<{ message?: string }>;
        fieldErrors?: Record<string, Array<{ message?: string }>>;
    };
}

function messagesOf(error: unknown): string[] {
    if (error === null || error === undefined) return [];
    if (typeof error === 'string') return [error];
    if (Array.isArray(error)) return error.flatMap(messagesOf);
    if (typeof error !== 'object') return [String(error)];
    const e = error as { body?: ErrorBody | ErrorBody[]; message?: string; statusText?: string };
    const body = e.body;
    if (Array.isArray(body)) return body.flatMap((b) => messagesOf({ body: b }));
    if (body) {
        const out: string[] = [];
        for (const p of body.pageErrors ?? []) if (p.message) out.push(p.message);
        for (const list of Object.values(body.fieldErrors ?? {}))
            for (const f of list) if (f.message) out.push(f.message);
        for (const p of body.output?.errors ?? []) if (p.message) out.push(p.message);
        for (const list of Object.values(body.output?.fieldErrors ?? {}))
            for (const f of list) if (f.message) out.push(f.message);
        // The detailed errors say more than the summary (`Bad Request`), which is only the fallback.
        if (out.length > 0) return out;
        if (body.message) return [body.message];
    }
    if (e.message) return [e.message];
    if (e.statusText) return [e.statusText];
    return ['Unknown error'];
}

/** Distinct, non-empty messages, in the order they were reported. */
export function reduceErrors(error: unknown): string[] {
    return [...new Set(messagesOf(error).filter((m) => m.trim() !== ''))];
}
