/**
 * Step 3 of registration, shown once the request is stored (SPEC §5). A module of its own, without zod, so that the
 * UI's messages can name it without loading the registration schemas.
 */
export const REGISTRATION_DONE_MESSAGE = '操作完成，已移交管理人员审核，请等待1到3个工作日';
