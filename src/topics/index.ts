export { type AwaitedTopic, createInterestStore, type InterestStore } from './interest-store.js';
export { type InterestDmDeps, type InterestDmReport, tellInterestedMembers } from './tell-interested.js';
