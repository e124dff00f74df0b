/** Array responses (ULA/UPA, DeepMIMO indexing), panel rotation and FoV, and DeepMIMO's channel builder. */
export * from "./array";
export * from "./rotation";
export * from "./deepmimo-channel";
