package cn.jifen.rules;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;
import jakarta.validation.groups.Default;

/**
 * A rule category as the county admin names it: a code (only when it is created: {@link New}) and a name of at most
 * 50 characters. Whether the code is taken needs the database and is checked by {@link RuleCatalogue}.
 */
record CategoryDraft(@Code(groups = CategoryDraft.New.class) String code,
                     @PlainText(max = 50, required = true) String name) {

    /** The rules of a new category: the default ones and its code. */
    interface New extends Default { }
}
