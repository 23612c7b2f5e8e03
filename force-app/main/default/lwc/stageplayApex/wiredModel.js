// Generated from wiredModel.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * The state of a card whose content comes from one wired Apex call (Account Health, Sales Goals):
 * the model built from the payload, or why there is none. Folded in one place so every such card
 * treats a payload, a load error and a pending result alike.
 */
import { reduceErrors } from './errors';
/** Before the wire has answered: no model, no error (the card shows its spinner). */
export function notWiredYet() {
    return { model: null, contextError: null, buildError: null };
}
/**
 * The state after a wire result: data builds the model (a failure to build becomes `buildError`), an
 * error replaces the model; a result with neither (re-provisioning) keeps the model and load error.
 * A new object each time, so assigning it to a component field re-renders the card.
 */
export function receiveWired(previous, result, build) {
    if (result.data)
        return { ...build(result.data), contextError: null };
    if (result.error)
        return { model: null, contextError: result.error, buildError: null };
    return { ...previous, buildError: null };
}
/** The messages a card shows for a load error (first) or a build error; null when there is none. */
export function cardErrorMessages(loadError, buildError) {
    if (loadError)
        return reduceErrors(loadError);
    return buildError ? [buildError] : null;
}
