// Brings in the base-component types (`lightning/*`) that @salesforce/lightning-types ships.
import '@salesforce/lightning-types';
