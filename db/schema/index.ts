export * from "./users";
export * from "./programs";
export * from "./audit";
export * from "./connectors";
export * from "./api-keys";
export * from "./push-rules";
export * from "./events";
export * from "./inbox";
