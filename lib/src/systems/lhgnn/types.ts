/** A complex array in split form, row-major in the layout its user documents. */
export interface Complex {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}
