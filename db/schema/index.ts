export * from "./users";
export * from "./programs";
export * from "./audit";
