/** A bad action input: names the input and the form it accepts. Raised before anything is sent. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    accepts: string,
  ) {
    super(`Input \`${input}\` ${accepts}`)
    this.name = 'InputError'
  }
}
