/** The account rules of SPEC §5, shared by the API, the admin UI and the workflows. */
export * from './uscc';
export * from './password';
export * from './mask';
export * from './registration';
export * from './registrationReview';
