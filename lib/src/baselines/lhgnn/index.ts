export * from "./srw";
