export { createInterestStore, type InterestStore } from './interest-store.js';
