/**
 * Stand-in for `lightning-messages`: in an org it shows the record form's save errors; the preview's form
 * reports errors through its `error` event, which the components under test handle themselves.
 */
import { LightningElement } from 'lwc';

export default class Messages extends LightningElement {}
