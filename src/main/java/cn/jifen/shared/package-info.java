/** Value types every module speaks: who acts (Actor, Role), and the errors a request can end in. */
@ApplicationModule(type = Type.OPEN)
package cn.jifen.shared;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.ApplicationModule.Type;
