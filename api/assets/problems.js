// The contract's error codes (application/problem+json `code`) in words, Chinese first and English
// beside, for the workbench and the tracking page. An unknown code falls back to the API's own
// `detail`, so a new code is never shown as nothing. Needs dom.js.
(function () {
  'use strict';

  var WORDS = {
    // Rules of the tiers
    REFUSAL_BELOW_TIER_4: ['单位主要负责人以下不能说"不"，请提级。', 'Below the principal head (tier 4) a case may not be refused: escalate it.'],
    ACTION_NOT_ALLOWED_AT_TIER: ['本层级不能作出这项决定。', 'This decision is not allowed at this tier.'],
    ACTION_NOT_ALLOWED_IN_STATUS: ['案件当前状态下不能作出这项决定。', 'The case is not in a state that allows this decision.'],
    MISSING_LEGAL_BASIS: ['说"不"必须写明法律法规依据（含条款）并向办事人说明理由。', 'A refusal needs the law or rule and article, and an explanation for the requester.'],
    CASE_CLOSED: ['案件已办结或已撤回，不再接受决定。', 'The case is closed; no further decisions are taken.'],
    CASE_OPENING: ['案件已受理，正在分派承办人，请稍后再试。', 'The case was taken in and is still being assigned; try again shortly.'],
    CASE_HALTED: ['案件因系统故障暂停，修复前不接受任何变更。', 'The case stopped on an internal error and takes no changes until it is repaired.'],
    NOT_ASSIGNEE: ['只有当前承办人可以作出决定。', 'Only the officer who currently holds the case may decide it.'],
    STALE_DECISION: ['案件已流转到其他层级，请刷新后再决定。', 'The case moved on to another tier; reload before deciding.'],
    COORDINATION_NOT_AVAILABLE: ['现在不能发起协调。', 'Coordination is not available now.'],
    UNKNOWN_UNIT: ['所选单位不存在。', 'One of the units does not exist.'],
    UNKNOWN_PRECEDENT: ['所引用的案例不存在。', 'A cited precedent does not exist.'],
    NO_NEW_UNITS: ['这些单位已在协调中。', 'Those units are already coordinating.'],
    // Parts and directives
    NOT_UNIT_OFFICER: ['所选工作人员不是该单位的在岗人员。', "The officer named is not an active officer of that unit."],
    PART_NOT_FOUND: ['该单位在本案中没有协办任务。', 'That unit has no part in this case.'],
    PART_CLOSED: ['该协办任务已结束。', 'That part is closed.'],
    NO_SUCH_PART: ['该单位没有进行中的协办任务。', 'That unit has no open part.'],
    NO_DIRECTIVE: ['本单位在本案中没有待落实的交办事项。', 'This unit has no open city directive on the case.'],
    DIRECTIVE_ALREADY_DONE: ['该交办事项已报告落实。', 'This directive was already reported done.'],
    // The requester
    NOT_AWAITING_MATERIALS: ['本案目前不需要补充材料。', 'No materials are awaited on this case.'],
    RATING_NOT_OPEN: ['答复之后才能评价。', 'A rating is taken once the case has given feedback.'],
    TRACKING_CODE_REQUIRED: ['需要查询码。', 'The tracking code is required.'],
    SMS_CODE_REQUIRED: ['请先获取并填写发送到您手机的短信验证码。', 'Ask for the code sent by SMS to your phone, and enter it.'],
    SMS_CODE_WRONG: ['短信验证码不正确，请核对后重试。', 'The SMS code does not match; check it and try again.'],
    SMS_CODE_TOO_SOON: ['验证码刚刚已发送，仍然有效，请稍后再重新获取。', 'A code was just sent and is still good; ask again in a moment.'],
    SMS_CODE_LIMIT: ['今天获取验证码的次数已达上限，请明天再试或到窗口办理。', 'No more codes for this case today; try tomorrow, or at the window.'],
    SMS_BUDGET_EXHAUSTED: ['短信发送繁忙，请稍后再试，或拨打12345。', 'Text messages are busy; try later, or call 12345.'],
    SMS_PREFIX_LIMIT: ['短信发送繁忙，请明天再试，或拨打12345。', 'Text messages are busy; try tomorrow, or call 12345.'],
    NO_PHONE_ON_FILE: ['本办件未登记手机号，凭查询码即可办理。', 'No mobile phone is on file: the tracking code alone is enough.'],
    REQUESTER_ONLY: ['这是办事人本人的操作，工作人员不能代为办理。', "This is the requester's own action; an officer cannot take it for them."],
    COMPLAINT_LIMIT_ADDRESS: ['今天从本网络地址提交的投诉已达上限，请明天再试或拨打12345。', 'Too many complaints from this address today; try tomorrow, or call 12345.'],
    COMPLAINT_LIMIT_NETWORK: ['今天从本网络提交的投诉已达上限，请明天再试或拨打12345。', 'Too many complaints from this network today; try tomorrow, or call 12345.'],
    IDEMPOTENCY_KEY_REUSED: ['重复提交的内容不一致，请刷新后重试。', 'This submission key was used for different content; reload and try again.'],
    UNIT_REQUIRED: ['请说明投诉的单位或办件。', 'Name the unit or the case the complaint is about.'],
    UNKNOWN_CASE: ['办件编号不存在。', 'No such case number.'],
    // Attachments
    ATTACHMENT_TOO_LARGE: ['文件太大：每个文件不超过10MB，请拍得小一些或分页扫描。', 'The file is too large: at most 10 MB each; take a smaller photo or scan fewer pages.'],
    ATTACHMENT_TYPE_NOT_ALLOWED: ['只能上传PDF、JPEG或PNG文件（按文件内容判断，改扩展名无效）。', 'Only PDF, JPEG or PNG files (judged by their content; renaming does not help).'],
    ATTACHMENT_UNREADABLE: ['图片无法读取，请重新拍照或扫描。', 'The picture cannot be read; take or scan it again.'],
    UNKNOWN_ATTACHMENT: ['所附文件不属于本办件，请重新上传。', 'An attached file is not this case\'s; upload it again.'],
    MATERIALS_NOT_REQUESTED: ['只能勾选要求补充的材料。', 'Tick only the materials that were asked for.'],
    ATTACHMENT_STORAGE_UNAVAILABLE: ['文件存储暂时不可用，请稍后重试。', 'File storage is unavailable; try again later.'],
    // Access
    UNAUTHENTICATED: ['令牌无效或已失效，请重新登录。', 'The token is not accepted; sign in again.'],
    FORBIDDEN_ROLE: ['您的角色无权进行此操作。', 'Your role may not do this.'],
    FORBIDDEN_UNIT: ['只能查看本单位的办件。', "Officers see their own unit's cases."],
    CASE_NOT_FOUND: ['找不到该办件，或您无权查看。', 'No such case, or it is not yours to see.'],
    // Input and the engine
    VALIDATION_FAILED: ['填写的内容不符合要求。', 'Some fields are not filled in as required.'],
    TEMPORAL_UNAVAILABLE: ['办件引擎暂时无法连接，请稍后用同一操作重试（不会重复办理）。', 'The case engine is unreachable; retry later (it will not be applied twice).'],
    WORKER_UNAVAILABLE: ['办件引擎暂时没有响应，请稍后重试（不会重复办理）。', 'The case engine is not answering; retry later (it will not be applied twice).'],
    RATE_LIMITED: ['操作过于频繁，请稍后再试。', 'Too many requests; try again shortly.'],
    REJECTED: ['案件没有接受这项操作。', 'The case did not accept this.'],
  };

  /** Words for a problem answer (or a network failure when `body` is null). */
  function describe(status, body) {
    if (!body || typeof body !== 'object') {
      if (!status) return { code: 'NETWORK', zh: '网络异常，请重试（不会重复提交）。', en: 'Network problem; try again (it will not be applied twice).', errors: [] };
      return { code: 'HTTP_' + status, zh: '出错了（' + status + '）。', en: 'Something went wrong (' + status + ').', errors: [] };
    }
    var w = WORDS[body.code];
    var errors = Array.isArray(body.errors) ? body.errors.map(function (e) { return e.path + ': ' + e.message; }) : [];
    if (w) return { code: body.code, zh: w[0], en: w[1], errors: errors };
    return { code: body.code || 'HTTP_' + status, zh: '未能完成。', en: body.detail || body.message || body.title || 'Not done.', errors: errors };
  }

  /** Fills an element with the words, the code for whoever reports it, and the field errors. */
  function show(target, problem) {
    var el = window.Dom.el;
    target.textContent = '';
    var main = el('p', null, problem.zh + ' ');
    main.appendChild(el('span', 'en', problem.en));
    target.appendChild(main);
    if (problem.errors.length) {
      var ul = el('ul');
      problem.errors.forEach(function (t) { ul.appendChild(el('li', null, t)); });
      target.appendChild(ul);
    }
    target.appendChild(el('small', 'code', problem.code));
    target.hidden = false;
  }

  window.Problems = { describe: describe, show: show, WORDS: WORDS };
})();
