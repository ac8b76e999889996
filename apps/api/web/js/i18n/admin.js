// The admin strings, English and Chinese (merged into the dictionaries by ../i18n.js).
export default {
  en: {},
  zh: {},
};
