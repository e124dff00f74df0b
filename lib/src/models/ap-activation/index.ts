export * from "./graph";
export * from "./hetgnn";
export * from "./loss";
export * from "./ddpg";
