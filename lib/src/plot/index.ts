export * from "./figure";
export * from "./html";
export * from "./display";
export * from "./static-export";
export * from "./savefig";
